// A reader of text/event-stream bodies, for fetch(): EventSource cannot send an Authorization
// header. Follows the field rules of the HTML standard's "Server-sent events" section.

const LINE_END = /\r\n|\r|\n/;

/**
 * Yields each event of a text/event-stream body as {type, data, id}, until the stream ends.
 * @param {ReadableStream<Uint8Array>} body
 */
export async function* serverSentEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = emptyEvent();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let match;
      // A lone '\r' at the end may be the first half of '\r\n': wait for the next chunk.
      while ((match = LINE_END.exec(buffer)) !== null
             && !(match[0] === '\r' && match.index === buffer.length - 1)) {
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (event.data.length > 0) {
            yield { type: event.type || 'message', data: event.data.join('\n'), id: event.id };
          }
          event = emptyEvent();
        } else if (!line.startsWith(':')) {
          applyField(event, line);
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function emptyEvent() {
  return { type: '', data: [], id: null };
}

function applyField(event, line) {
  const colon = line.indexOf(':');
  const field = colon < 0 ? line : line.slice(0, colon);
  let value = colon < 0 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) {
    value = value.slice(1);
  }
  if (field === 'event') {
    event.type = value;
  } else if (field === 'data') {
    event.data.push(value);
  } else if (field === 'id') {
    event.id = value;
  }
}

// node --test unit/: the SSE reader on its own, fed chunks cut where a network would cut them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverSentEvents } from '../public/js/sse.js';

function body(...chunks) {
  const bytes = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(bytes.encode(chunk)));
      controller.close();
    },
  });
}

async function read(stream) {
  const events = [];
  for await (const event of serverSentEvents(stream)) {
    events.push(event);
  }
  return events;
}

test('reads named events with JSON data as Spring writes them', async () => {
  const events = await read(body('event:ingestion\ndata:{"readingsPerSecond":12.5}\n\n',
    'event:robot\ndata:{"robotId":"robot-001"}\n\n'));
  assert.deepEqual(events, [
    { type: 'ingestion', data: '{"readingsPerSecond":12.5}', id: null },
    { type: 'robot', data: '{"robotId":"robot-001"}', id: null },
  ]);
});

test('joins an event cut across chunks, including between \\r and \\n', async () => {
  const events = await read(body('event: rej', 'ected\r', '\ndata: {"id":', '7}\r\n\r', '\n'));
  assert.deepEqual(events, [{ type: 'rejected', data: '{"id":7}', id: null }]);
});

test('joins data lines, ignores comments and unknown fields, defaults the type to message', async () => {
  const events = await read(body(': keep-alive\n\nid: 3\nretry: 5\nfoo: bar\ndata: a\ndata: b\n\n'));
  assert.deepEqual(events, [{ type: 'message', data: 'a\nb', id: '3' }]);
});

test('drops an event the stream ends before finishing', async () => {
  assert.deepEqual(await read(body('event: robot\ndata: {}\n')), []);
});

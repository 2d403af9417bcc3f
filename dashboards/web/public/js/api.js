// Calls to the gateway's API, each with the bearer token.

import { authorization, signInSettled } from './auth.js';
import { serverSentEvents } from './sse.js';

/** A refused call, with the RFC 7807 problem detail the gateway gave. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }

  get unauthorised() {
    return this.status === 401 || this.status === 403;
  }
}

async function request(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  await signInSettled();
  const headers = { Accept: accept, ...authorization() };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!response.ok) {
    throw await refusal(response);
  }
  return response;
}

export async function api(path, options) {
  return (await request(path, options)).json();
}

/** The body of a GET as a Blob, for a download the page hands to the browser. */
export async function apiBlob(path, accept) {
  return (await request(path, { accept })).blob();
}

/**
 * Reads GET /api/events until it ends or `signal` aborts, handing each event's type and parsed
 * data to `onEvent`. Resolves when the server ends the stream.
 */
export async function followEvents(onEvent, signal) {
  await signInSettled();
  const response = await fetch('/api/events', {
    headers: { Accept: 'text/event-stream', ...authorization() },
    cache: 'no-store',
    signal,
  });
  if (!response.ok) {
    throw await refusal(response);
  }
  for await (const event of serverSentEvents(response.body)) {
    onEvent(event.type, JSON.parse(event.data));
  }
}

async function refusal(response) {
  let detail = response.statusText || 'request refused';
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
  } catch {
    // Not a problem document: the status text says enough.
  }
  return new ApiError(response.status, detail);
}

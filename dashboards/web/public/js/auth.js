// The bearer token every API call carries, kept for this browser tab only (sessionStorage). It
// comes from a sign-in link's one-time code (#code=..., exchanged for a session at
// POST /api/sign-in), from #token=... (for scripts), or from the sign-in form.

const KEY = 'robotledger.token';
const ROLE_KEY = 'robotledger.role';

let exchange = Promise.resolve();

/**
 * Takes a #code=... or #token=... out of the address at once (so it stays in no history entry);
 * a code is exchanged for a session. Answers the exchange's promise when there was a code,
 * otherwise null. Every API call waits for it first.
 */
export function adoptTokenFromFragment() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get('token');
  const code = fragment.get('code');
  if (!token && !code) {
    return null;
  }
  history.replaceState(null, '', window.location.pathname + window.location.search);
  if (token) {
    signIn(token);
    return null;
  }
  exchange = fetch('/api/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ code }),
    cache: 'no-store',
  }).then(async (response) => {
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(answer.detail ?? `the gateway answered ${response.status}`);
    }
    sessionStorage.setItem(KEY, answer.token);
    sessionStorage.setItem(ROLE_KEY, answer.role);
  });
  return exchange;
}

/** Resolves once a pending sign-in code has been exchanged (or refused). */
export function signInSettled() {
  return exchange.catch(() => undefined);
}

export function currentToken() {
  return sessionStorage.getItem(KEY);
}

/** The role a sign-in link's session is of; null for a token entered by hand. */
export function currentRole() {
  return sessionStorage.getItem(ROLE_KEY);
}

export function signIn(token) {
  sessionStorage.setItem(KEY, token.trim());
  sessionStorage.removeItem(ROLE_KEY);
}

/** Ends the gateway's session of this token (a role's own token stays valid) and forgets it here. */
export async function signOut() {
  const token = currentToken();
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(ROLE_KEY);
  if (token) {
    await fetch('/api/sign-out', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' })
      .catch(() => undefined);
  }
}

export function authorization() {
  const token = currentToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

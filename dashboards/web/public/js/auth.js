// The operator's bearer token: taken from the URL fragment (#token=...) or the sign-in form,
// kept for this browser tab only (sessionStorage), sent on every API call.

const KEY = 'robotledger.token';

/** Moves a token given as #token=... into the tab's storage and out of the address bar. */
export function adoptTokenFromFragment() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    sessionStorage.setItem(KEY, token);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
}

export function currentToken() {
  return sessionStorage.getItem(KEY);
}

export function signIn(token) {
  sessionStorage.setItem(KEY, token.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

export function authorization() {
  const token = currentToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// What every page of the dashboard shares: the header (title, navigation, sign-in with a bearer
// token kept in the tab's sessionStorage) and the alert that reports a failed call.

import { adoptTokenFromFragment, currentRole, currentToken, signIn, signOut } from './auth.js';
import { ApiError, api } from './api.js';
import { describeLedger } from './ledger.js';

const PAGES = [
  { href: './', label: 'Factory floor' },
  { href: 'goods.html', label: 'Find goods' },
  { href: 'provenance.html', label: 'Provenance' },
  { href: 'lender.html', label: 'Lender' },
  { href: 'recall.html', label: 'Recall' },
];

export const $ = (id) => document.getElementById(id);

/** An element with optional class and text, for building rows and cards without HTML strings. */
export function element(tag, { className, text, attributes } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  for (const [name, value] of Object.entries(attributes ?? {})) {
    node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function renderAuth() {
  const signedIn = Boolean(currentToken());
  $('sign-in').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  $('signed-in-as').textContent = currentRole() ? `Signed in as ${currentRole()}` : 'Signed in with a token';
}

// Which ledger the page shows, so nobody takes a test double's answers for a Fabric network's.
async function renderLedger() {
  const banner = $('ledger');
  if (!currentToken()) {
    banner.hidden = true;
    return;
  }
  try {
    banner.textContent = describeLedger(await api('/api/ledger'));
    banner.hidden = false;
  } catch (error) {
    // A token without the right role: the page's own calls say so.
    banner.hidden = true;
  }
}

/**
 * Fills <header id="top">: the page's title and the navigation before what the header already
 * holds, the sign-in form after it. `onChange` runs after a sign-in or sign-out.
 */
export function mountHeader(title, onChange) {
  const exchange = adoptTokenFromFragment();
  const header = $('top');
  const here = window.location.pathname.split('/').pop() || './';
  const nav = element('nav', { attributes: { 'aria-label': 'Pages' } }, ...PAGES.map((page) => {
    const link = element('a', { text: page.label, attributes: { href: page.href } });
    if (page.href === here || (page.href === './' && here === 'index.html')) {
      link.setAttribute('aria-current', 'page');
    }
    return link;
  }));
  header.prepend(element('h1', { text: title }), nav);

  const token = element('input', { attributes: { id: 'token', name: 'token', type: 'password',
    autocomplete: 'off', spellcheck: 'false' } });
  const form = element('form', { className: 'sign-in', attributes: { id: 'sign-in', 'aria-label': 'Sign in' } },
    element('label', { text: 'Access token', attributes: { for: 'token' } }), token,
    element('button', { text: 'Sign in', attributes: { type: 'submit' } }));
  const signOutButton = element('button', { text: 'Sign out', attributes: { type: 'button', id: 'sign-out' } });
  const signedIn = element('div', { className: 'signed-in', attributes: { id: 'signed-in' } },
    element('span', { attributes: { id: 'signed-in-as' } }), signOutButton);
  const ledger = element('p', { className: 'ledger', attributes: { id: 'ledger', role: 'note', 'aria-label': 'Ledger' } });
  ledger.hidden = true;
  header.append(form, signedIn, ledger);

  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    if (token.value.trim() === '') {
      return;
    }
    signIn(token.value);
    token.value = '';
    renderAuth();
    renderLedger();
    clearProblem();
    onChange();
  });
  signOutButton.addEventListener('click', async () => {
    await signOut();
    renderAuth();
    renderLedger();
    onChange();
  });
  renderAuth();
  renderLedger();
  exchange?.then(() => {
    renderAuth();
    renderLedger();
    onChange();
  }, (error) => showProblem(`This sign-in link did not sign you in: ${error.message}.`));
}

export function showProblem(message) {
  const problem = $('problem');
  problem.textContent = message;
  problem.hidden = false;
}

export function clearProblem() {
  $('problem').hidden = true;
}

/** Reports a refused access token in the words every page uses; false for any other failure. */
export function reportRefusedToken(error, doing, roles) {
  if (!(error instanceof ApiError && error.unauthorised)) {
    return false;
  }
  showProblem(`The gateway refused the access token while ${doing} (${error.status}: ${error.detail}). `
    + `Sign in with ${roles} token.`);
  return true;
}

/** Hands a fetched file to the browser as a download named {@code fileName}. */
export function downloadBlob(blob, fileName) {
  const link = element('a', { attributes: { href: URL.createObjectURL(blob), download: fileName } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// The frame the provenance, lender and recall pages share: header, a search form for a good id
// (kept in the address as ?good=<id>, so a view can be linked and the back button works), and
// the list of goods the robots made recently (<aside id="recent">).

import { api, ApiError } from './api.js';
import { $, clearProblem, element, mountHeader, reportRefusedToken, showProblem } from './page.js';
import { currentToken } from './auth.js';
import { failureText, goodsSearchPath, validGoodId } from './goods.js';

const RECENT = 15;

/** A link to a good on one of the pages. */
export function goodLink(goodId, page = '') {
  return element('a', { text: goodId, attributes: { href: `${page}?good=${encodeURIComponent(goodId)}` } });
}

/**
 * Reports a failed call about a good in the alert. `roles` names who may call, for a refused token.
 */
export function reportGoodFailure(error, goodId, doing, roles) {
  if (!reportRefusedToken(error, doing, roles)) {
    showProblem(failureText({ status: error.status, detail: error.detail ?? error.message }, goodId, doing));
  }
}

/** Fills `container` with the "Recent goods" list, its items linking to `page` (this page: ''). */
export function mountRecentGoods(container, page = '') {
  container.append(element('h2', { text: 'Recent goods', attributes: { id: 'recent-heading' } }),
    element('ol', { className: 'recent-list', attributes: { id: 'recent-goods', 'aria-labelledby': 'recent-heading',
      'data-page': page } }),
    element('p', { className: 'note', attributes: { id: 'recent-note' } }));
}

/** Lists the goods made last, from the read model (any role that reads goods). */
export async function loadRecentGoods() {
  const list = $('recent-goods');
  const note = $('recent-note');
  if (!currentToken()) {
    list.replaceChildren();
    note.textContent = 'Sign in to list the goods made last.';
    return;
  }
  try {
    const { goods } = await api(goodsSearchPath({}, RECENT));
    list.replaceChildren(...goods.map((good) => element('li', {},
      goodLink(good.id, list.dataset.page), element('span', { className: 'meta', text: `${good.kind} · ${good.robotId}` }))));
    note.replaceChildren(goods.length > 0 ? 'The goods made last, newest first. ' : 'No good has reached the ledger yet. ',
      element('a', { text: 'Find goods', attributes: { href: 'goods.html' } }), ' by robot, site, line, time or status.');
  } catch (error) {
    list.replaceChildren();
    note.textContent = error instanceof ApiError && error.unauthorised
      ? `Recent goods need a retailer, lender or operator token (${error.status}).`
      : `Recent goods could not be listed: ${error.message}`;
  }
}

// The page's <main id="page"> holds only what it shows (#result, #empty); the rest is the same
// on every goods page: the alert, the search section and the recent goods beside the result.
function mountFrame() {
  const main = $('page');
  const problem = element('p', { className: 'problem', attributes: { id: 'problem', role: 'alert' } });
  problem.hidden = true;
  main.before(problem);
  main.replaceChildren(
    element('section', { attributes: { id: 'search-section', 'aria-labelledby': 'search-heading' } }),
    element('div', { className: 'goods-layout' },
      element('aside', { className: 'recent', attributes: { id: 'recent', 'aria-labelledby': 'recent-heading' } }),
      element('div', { className: 'goods-main' }, ...main.children)));
}

/**
 * Wires a goods page. The search form (`heading`, `button` text, a `hint` below) goes into
 * <section id="search-section">. For the id in the address and each one searched, `load(goodId)`
 * fetches what the page shows and `render(goodId, data)` shows it in #result; a failure is
 * reported as "... while `doing(goodId)`", naming `roles` when the token is refused. Without an
 * id, or after a failure, #result is hidden and #empty shown.
 */
export function goodsPage({ title, heading, button, hint, roles, doing, load, render }) {
  mountFrame();
  const input = element('input', { attributes: { id: 'good-id', name: 'good', type: 'search', autocomplete: 'off',
    spellcheck: 'false', required: '', maxlength: '128', placeholder: 'e.g. urn:epc:id:sgtin:9506000.000002.robot-001.2' } });
  $('search-section').append(
    element('h2', { text: heading, attributes: { id: 'search-heading' } }),
    element('form', { className: 'search', attributes: { id: 'search', 'aria-label': 'Find a good' } },
      element('label', { text: 'Good id', attributes: { for: 'good-id' } }), input,
      element('button', { text: button, attributes: { type: 'submit' } })),
    element('p', { className: 'note', text: hint }));

  let generation = 0; // a newer search makes the answers of older ones stale
  const showResult = (shown) => {
    $('result').hidden = !shown;
    $('empty').hidden = shown;
  };
  const update = async () => {
    const mine = ++generation;
    clearProblem();
    const goodId = new URLSearchParams(window.location.search).get('good');
    input.value = goodId ?? '';
    if (!goodId) {
      showResult(false);
      return;
    }
    try {
      const data = await load(goodId);
      if (mine === generation) {
        render(goodId, data);
        showResult(true);
      }
    } catch (error) {
      if (mine === generation) {
        showResult(false);
        reportGoodFailure(error, goodId, doing(goodId), roles);
      }
    }
  };
  mountHeader(title, () => {
    loadRecentGoods();
    update();
  });
  $('search').addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    const goodId = input.value.trim();
    if (!validGoodId(goodId)) {
      showProblem('A good id is 1 to 128 visible ASCII characters, without spaces.');
      return;
    }
    history.pushState(null, '', `?good=${encodeURIComponent(goodId)}`);
    update();
  });
  window.addEventListener('popstate', update);
  mountRecentGoods($('recent'));
  loadRecentGoods();
  update();
}

/** A definition list's rows from [term, value] pairs; a value may be a node. */
export function facts(target, rows) {
  target.replaceChildren(...rows.filter(([, value]) => value !== undefined).map(([term, value]) =>
    element('div', {}, element('dt', { text: term }),
      value instanceof Node ? element('dd', {}, value) : element('dd', { text: value }))));
}

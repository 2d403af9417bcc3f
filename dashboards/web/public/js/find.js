// Find goods: a search of the read model (GET /api/goods) by GTIN, serial, lot, robot, site, line, station, kind,
// status, custodian and production time, a page at a time. The filters and the page's cursor are
// kept in the address, so a search can be linked and the back button goes to the page before.

import { api, ApiError } from './api.js';
import { currentToken } from './auth.js';
import { $, clearProblem, element, mountHeader, reportRefusedToken, showProblem } from './page.js';
import { GOODS_FILTERS, goodsSearchPath } from './goods.js';
import { goodLink } from './goods-page.js';

const ROLES = 'a retailer, lender or operator';
const form = $('filters');

function badge(text, state) {
  return element('span', { className: `badge badge-${state}`, text });
}

const STATUS_STATE = { ACTIVE: 'ok', CONSUMED: 'muted', QUARANTINED: 'bad', RECALLED: 'bad' };
const QUALITY_STATE = { PASS: 'ok', FAIL: 'bad', NONE: 'warn' };

function row(good) {
  return element('tr', {},
    element('td', { className: 'nowrap' }, goodLink(good.id, 'provenance.html')),
    element('td', { className: 'nowrap', text: good.gtin ? [good.gtin, good.serial, good.lot].filter(Boolean).join(' / ') : '—' }),
    element('td', { text: good.kind }),
    element('td', {}, badge(good.status, STATUS_STATE[good.status] ?? 'muted')),
    element('td', {}, badge(good.quality, QUALITY_STATE[good.quality] ?? 'muted')),
    element('td', { text: good.robotId }),
    element('td', { text: `${good.site} / ${good.line} / ${good.station}` }),
    element('td', { className: 'nowrap', text: `${good.producedAt.slice(0, 19).replace('T', ' ')} UTC` }),
    element('td', { text: good.custodianOrg }),
    element('td', { text: String(good.partCount) }));
}

/** The search in the address: the filters, the page size and the cursor of this page. */
function searchInAddress() {
  const query = new URLSearchParams(window.location.search);
  const filters = Object.fromEntries(GOODS_FILTERS.map((name) => [name, query.get(name) ?? '']));
  return { filters, limit: Number(query.get('limit') ?? 25), after: query.get('after') };
}

function showFilters({ filters, limit }) {
  for (const name of GOODS_FILTERS) {
    form.elements[name].value = filters[name];
  }
  form.elements.limit.value = String(limit);
}

function address({ filters, limit, after }) {
  return goodsSearchPath(filters, limit, after).replace('/api/goods', window.location.pathname);
}

let generation = 0; // a newer search makes the answers of older ones stale

async function update() {
  const mine = ++generation;
  clearProblem();
  const search = searchInAddress();
  showFilters(search);
  const page = history.state?.page ?? 0;
  $('previous').disabled = page === 0;
  $('next').disabled = true;
  if (!currentToken()) {
    $('goods').tBodies[0].replaceChildren();
    $('results-note').textContent = `Sign in with ${ROLES} token to find goods.`;
    return;
  }
  try {
    const answer = await api(goodsSearchPath(search.filters, search.limit, search.after));
    if (mine !== generation) {
      return;
    }
    $('goods').tBodies[0].replaceChildren(...answer.goods.map(row));
    const count = answer.goods.length;
    $('results-note').textContent = count === 0
      ? `No good matches (read model at ledger height ${answer.ledgerHeight}).`
      : `Page ${page + 1}: ${count} good${count === 1 ? '' : 's'}, newest production first`
        + `${answer.nextCursor ? '; more on the next page' : ''} (read model at ledger height ${answer.ledgerHeight}).`;
    const next = $('next');
    next.disabled = !answer.nextCursor;
    next.onclick = () => {
      history.pushState({ page: page + 1 }, '', address({ ...search, after: answer.nextCursor }));
      update();
    };
  } catch (error) {
    if (mine !== generation) {
      return;
    }
    $('goods').tBodies[0].replaceChildren();
    $('results-note').textContent = '';
    if (!reportRefusedToken(error, 'finding goods', ROLES)) {
      showProblem(error instanceof ApiError && error.status === 400
        ? `The gateway did not accept the search: ${error.detail}.`
        : `Finding goods failed (${error.status ?? 'no answer'}): ${error.detail ?? error.message}.`);
    }
  }
}

form.addEventListener('submit', (submitted) => {
  submitted.preventDefault();
  const filters = Object.fromEntries(GOODS_FILTERS.map((name) => [name, form.elements[name].value]));
  history.pushState({ page: 0 }, '', address({ filters, limit: Number(form.elements.limit.value) }));
  update();
});
form.addEventListener('reset', () => {
  history.pushState({ page: 0 }, '', window.location.pathname);
  setTimeout(update);
});
$('previous').addEventListener('click', () => history.back());
window.addEventListener('popstate', update);
mountHeader('Find goods', update);
update();

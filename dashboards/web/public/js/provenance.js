// The provenance explorer: a good's component tree from the read model (GET
// /api/goods/{id}/provenance), checked on request against the ledger's own answer
// (?source=ledger), where it was used, and its EPCIS 2.0 export. Everything received is written
// with textContent: ids and parameters come from robots and other organisations.

import { api, apiBlob } from './api.js';
import { $, element, downloadBlob } from './page.js';
import { custodySteps, formatTime, ledgerComparison, qualitySummary } from './goods.js';
import { facts, goodLink, goodsPage, reportGoodFailure } from './goods-page.js';

const ROLES = 'a retailer, lender or operator';

let shown = null; // {goodId, answer}: the read model's answer on screen

const path = (goodId, what = '') => `/api/goods/${encodeURIComponent(goodId)}${what}`;

function badge(text, state) {
  return element('span', { className: `badge badge-${state}`, text });
}

function statusBadge(status) {
  return badge(status, status === 'ACTIVE' ? 'ok' : status === 'QUARANTINED' || status === 'RECALLED' ? 'bad' : 'muted');
}

function qualityList(good) {
  const checks = good.qualityChecks ?? [];
  if (checks.length === 0) {
    return element('p', { className: 'note', text: 'No quality check recorded.' });
  }
  return element('ul', { className: 'checks' }, ...checks.map((check) => element('li', {},
    badge(check.result, check.result === 'PASS' ? 'ok' : 'bad'),
    ` ${check.checkType} by ${check.inspector} (${check.byOrg}), ${formatTime(check.checkedAtEpochMillis)}`,
    Object.keys(check.measurements ?? {}).length > 0
      ? element('span', { className: 'note', text: ` · ${Object.entries(check.measurements)
        .map(([name, value]) => `${name} ${value}`).join(', ')}` })
      : null)));
}

function custodyList(good) {
  return element('ol', { className: 'custody' }, ...custodySteps(good).map((step) => element('li', {},
    `${step.text}, ${formatTime(step.at)}`,
    element('span', { className: 'tx', text: ` tx ${step.txId.slice(0, 12)}…`, attributes: { title: step.txId } }))));
}

/** One node of the tree and, beneath it, its parts. */
function treeNode(node) {
  const { good, robot } = node;
  const production = good.production;
  const quality = qualitySummary(good);
  const card = element('article', { className: 'node', attributes: { 'aria-label': `Good ${good.id}` } },
    element('header', {},
      element('strong', {}, goodLink(good.id)),
      element('span', { className: 'kind', text: production.kind }),
      statusBadge(good.status),
      badge(quality.text, quality.state === 'pass' ? 'ok' : quality.state === 'fail' ? 'bad' : 'warn')));
  const details = element('dl', { className: 'node-facts' });
  facts(details, [
    ['Robot', `${robot.id} · ${robot.model} · ${robot.status}${robot.ownerOrg ? ` · ${robot.ownerOrg}` : ''}`],
    ['Station', `${production.site} / ${production.line} / ${production.station}`],
    ['Produced', formatTime(production.producedAtEpochMillis)],
    ['Recorded', `${formatTime(production.recordedAtEpochMillis)} by ${production.producerOrg}`],
    ['Firmware', production.firmwareVersion],
    ['Custodian', good.custodianOrg],
  ]);
  card.append(details,
    element('div', { className: 'node-section' }, element('h4', { text: 'Quality checks' }), qualityList(good)),
    element('div', { className: 'node-section' }, element('h4', { text: 'Custody chain' }), custodyList(good)));
  const item = element('li', {}, card);
  if (node.parts.length > 0) {
    item.append(element('ul', { className: 'parts', attributes: { 'aria-label': `Parts of ${good.id}` } },
      ...node.parts.map(treeNode)));
  }
  return item;
}

const load = async (goodId) => {
  const [answer, whereUsed] = await Promise.all([api(path(goodId, '/provenance')), api(path(goodId, '/where-used'))]);
  return { answer, whereUsed };
};

function whereUsedText(goodId, whereUsed) {
  const target = $('where-used');
  if (whereUsed.productIds.length === 0) {
    target.textContent = `${goodId} is not a part of any product (as of ledger height ${whereUsed.ledgerHeight}).`;
  } else {
    target.replaceChildren(`${goodId} is inside `, ...whereUsed.productIds.flatMap((id, index) =>
      [index > 0 ? ' ⊂ ' : '', goodLink(id)]), ' (direct product first, outermost last).');
  }
}

function render(goodId, { answer, whereUsed }) {
  shown = { goodId, answer };
  const { provenance } = answer;
  const root = provenance.tree.good;
  $('result-good').textContent = goodId;
  facts($('summary'), [
    ['Kind', root.production.kind],
    ['Status', root.status],
    ['Custodian', root.custodianOrg],
    ['Goods in the tree', String(provenance.nodeCount)],
    ['Levels below it', String(provenance.depth)],
    ['Current to ledger height', `${answer.ledgerHeight} (source: ${answer.source})`],
  ]);
  $('verification').hidden = true;
  whereUsedText(goodId, whereUsed);
  $('tree').replaceChildren(treeNode(provenance.tree));
}

async function verify() {
  if (!shown) {
    return;
  }
  const { goodId, answer } = shown;
  const result = $('verification');
  result.className = 'verification';
  result.textContent = 'Asking the ledger…';
  result.hidden = false;
  try {
    const ledger = await api(path(goodId, '/provenance?source=ledger'));
    const comparison = ledgerComparison(answer, ledger);
    result.className = `verification ${comparison.matches ? 'matches' : 'differs'}`;
    result.textContent = comparison.text;
  } catch (error) {
    result.hidden = true;
    reportGoodFailure(error, goodId, `asking the ledger for the provenance of ${goodId}`, ROLES);
  }
}

async function downloadEpcis() {
  if (!shown) {
    return;
  }
  const { goodId } = shown;
  try {
    const blob = await apiBlob(path(goodId, '/epcis'), 'application/ld+json');
    downloadBlob(blob, `${goodId}.epcis.jsonld`);
  } catch (error) {
    reportGoodFailure(error, goodId, `exporting ${goodId} as EPCIS`, ROLES);
  }
}

$('verify').addEventListener('click', verify);
$('epcis').addEventListener('click', downloadEpcis);
goodsPage({
  title: 'Provenance',
  heading: 'Where does a product come from?',
  button: 'Show provenance',
  hint: 'Works with a retailer, lender or operator token. The tree comes from the gateway\'s read model of the '
    + 'ledger; "Verify against the ledger" asks the ledger\'s peer for the same tree and compares them.',
  roles: ROLES,
  doing: (goodId) => `loading the provenance of ${goodId}`,
  load,
  render,
});

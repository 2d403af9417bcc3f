// The recall page: which products contain a part (GET /api/goods/{id}/where-used, direct product
// first, outermost last), each with its record, so a recall can be scoped before it is issued.

import { api } from './api.js';
import { $, clearProblem, element } from './page.js';
import { formatTime } from './goods.js';
import { facts, goodLink, goodsPage, reportGoodFailure } from './goods-page.js';

const ROLES = 'a retailer, lender or operator';

const good = async (goodId) => (await api(`/api/goods/${encodeURIComponent(goodId)}`)).good;

function productRow(product, level) {
  const production = product.production;
  return element('tr', {},
    element('td', { className: 'number', text: level }),
    element('th', { attributes: { scope: 'row' } }, goodLink(product.id, 'provenance.html')),
    element('td', { text: production.kind }),
    element('td', { text: product.status, className: `status-${product.status}` }),
    element('td', { text: product.custodianOrg }),
    element('td', { text: `${production.robotId} at ${production.site} / ${production.line} / ${production.station}` }),
    element('td', { text: formatTime(production.producedAtEpochMillis) }));
}

async function load(goodId) {
  const [part, whereUsed] = await Promise.all([good(goodId), api(`/api/goods/${encodeURIComponent(goodId)}/where-used`)]);
  return { part, whereUsed, products: await Promise.all(whereUsed.productIds.map(good)) };
}

let shownGood = null;
// One id per recall the user asks for: a retry of the same request (a lost answer) records nothing twice.
let pendingRecall = null;

function render(goodId, { part, whereUsed, products }) {
  shownGood = goodId;
  $('recall-button').textContent = `Recall ${goodId}`;
  $('recall-button').disabled = part.status === 'RECALLED';
  $('recall-result').hidden = true;
  $('impact-good').textContent = goodId;
  facts($('part-facts'), [
    ['Part', part.production.kind],
    ['Status', part.status],
    ['Made by', `${part.production.robotId} at ${part.production.station}`],
    ['Produced', formatTime(part.production.producedAtEpochMillis)],
    ['Ledger height', `${whereUsed.ledgerHeight} (source: ${whereUsed.source})`],
  ]);
  const count = products.length;
  $('impact-summary').textContent = count === 0
    ? `${goodId} is not inside any product: a recall of it reaches no other good.`
    : `A recall of ${goodId} reaches ${count} product${count === 1 ? '' : 's'}: `
      + `${products[count - 1].id} is the outermost.`;
  $('products').tBodies[0].replaceChildren(...products.map((product, index) => productRow(product, index + 1)));
  $('products').hidden = count === 0;
}

async function raiseRecall(submitted) {
  submitted.preventDefault();
  const goodId = shownGood;
  const reason = $('recall-reason').value.trim();
  if (!goodId || reason === '') {
    return;
  }
  if (!pendingRecall || pendingRecall.goodId !== goodId || pendingRecall.reason !== reason) {
    pendingRecall = { goodId, reason, eventId: `recall-${crypto.randomUUID()}` };
  }
  clearProblem();
  $('recall-button').disabled = true;
  try {
    const { recall, transactionId, blockNumber } = await api(`/api/goods/${encodeURIComponent(goodId)}/recall`,
      { method: 'POST', body: { reason, eventId: pendingRecall.eventId } });
    pendingRecall = null;
    const marked = [...recall.recalledGoodIds, ...recall.downstreamGoodIds];
    const result = $('recall-result');
    result.replaceChildren(`Recalled on the ledger in block ${blockNumber} (transaction ${transactionId.slice(0, 16)}…): `,
      ...marked.flatMap((id, index) => [index > 0 ? ', ' : '', goodLink(id, 'provenance.html')]),
      ` marked RECALLED for "${recall.reason}".`);
    result.hidden = false;
  } catch (error) {
    $('recall-button').disabled = false;
    reportGoodFailure(error, goodId, `recalling ${goodId}`, 'an operator');
  }
}

$('raise-recall').addEventListener('submit', raiseRecall);

goodsPage({
  title: 'Recall impact',
  heading: 'Which products contain this part?',
  button: 'Find products',
  hint: 'Works with a retailer, lender or operator token. Level 1 is the product the part was assembled into, '
    + 'each further level the product that one went into.',
  roles: ROLES,
  doing: (goodId) => `finding the products that contain ${goodId}`,
  load,
  render,
});

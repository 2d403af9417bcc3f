// The provenance explorer: a good's component tree from the read model (GET
// /api/goods/{id}/provenance), checked on request against the ledger's own answer
// (?source=ledger), where it was used, its EPCIS 2.0 export, its Digital Link as a QR code, and its
// robot's readings while it was made (GET /api/goods/{id}/telemetry), each opening its proof.
// Everything received is written with textContent: ids and parameters come from robots and other
// organisations.

import { api, apiBlob } from './api.js';
import { $, element, downloadBlob } from './page.js';
import {
  custodySteps, energyOfTree, formatTime, genealogyElements, ledgerComparison, qualitySummary, treeTimeline,
} from './goods.js';
import { facts, goodLink, goodsPage, reportGoodFailure } from './goods-page.js';
import { digitalLinkOf } from './digital-link.js';
import { telemetrySeries, telemetrySummary, verificationText } from './telemetry.js';

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

// The organisation this gateway writes as (GET /api/ledger), which custody actions act for.
let gatewayOrg = null;
const ownOrg = async () => {
  gatewayOrg ??= api('/api/ledger').then((ledger) => ledger.mspId).catch(() => null);
  return gatewayOrg;
};

let pendingAction = null; // {key, eventId}: a retry of the same action reuses its event id

async function renderCustody(good) {
  const org = await ownOrg();
  const form = $('custody');
  form.hidden = !org;
  if (!org) {
    return;
  }
  const pending = good.pendingTransfer;
  const offeredHere = Boolean(pending) && pending.toOrg === org;
  const holdsIt = !pending && good.custodianOrg === org && good.status === 'ACTIVE';
  $('decide').hidden = !offeredHere;
  $('ship').hidden = !holdsIt;
  for (const option of $('ship-to').options) {
    option.hidden = option.value === org;
  }
  if (holdsIt && $('ship-to').selectedOptions[0]?.hidden) {
    $('ship-to').value = [...$('ship-to').options].find((option) => !option.hidden).value;
  }
  $('custody-note').textContent = offeredHere
    ? `${pending.fromOrg} offered this good to ${org} at ${formatTime(pending.proposedAtEpochMillis)}: accept or reject it.`
    : pending
      ? `${good.custodianOrg} holds this good; a transfer to ${pending.toOrg} is pending since ${formatTime(pending.proposedAtEpochMillis)}.`
      : holdsIt
        ? `${org} holds this good and may ship it to another organisation, which accepts it on its own gateway.`
        : `${good.custodianOrg} holds this good (${good.status}); this gateway writes as ${org}.`;
}

async function custodyAction(action, body) {
  if (!shown) {
    return;
  }
  const { goodId } = shown;
  const key = `${action} ${goodId} ${JSON.stringify(body)}`;
  if (pendingAction?.key !== key) {
    pendingAction = { key, eventId: `${action}-${crypto.randomUUID()}` };
  }
  const result = $('custody-result');
  result.hidden = true;
  try {
    const answer = await api(path(goodId, action === 'offer' ? '/transfer' : `/transfer/${action}`),
      { method: 'POST', body: { ...body, eventId: pendingAction.eventId } });
    pendingAction = null;
    const { good } = answer;
    const done = { offer: `Offered to ${good.pendingTransfer?.toOrg}`, accept: `Accepted: ${good.custodianOrg} now holds it`,
      reject: 'Rejected: it stays with its custodian' }[action];
    result.textContent = `${done} (block ${answer.blockNumber}, transaction ${answer.transactionId.slice(0, 16)}…).`;
    result.hidden = false;
    renderCustody(good);
  } catch (error) {
    reportGoodFailure(error, goodId, `${action === 'offer' ? 'offering' : `${action}ing`} ${goodId}`,
      'an operator or retailer');
  }
}

// The colours of the legend in provenance.html (dashboard.css has the same for its swatches).
const QUALITY_COLOURS = { pass: '#cdebd6', fail: '#f6cfcc', none: '#f7e5bf' };
const CUSTODY_COLOURS = { ManufacturerMSP: '#2b6cb0', RetailerMSP: '#6b46c1', LenderMSP: '#c05621' };

let graph = null;

/** The component tree as a graph, the product at the top and its parts below. */
function renderGraph(tree) {
  const note = $('graph-note');
  graph?.destroy();
  graph = null;
  if (typeof window.cytoscape !== 'function') {
    note.textContent = 'The graph library (Cytoscape.js) is not served by this gateway: build it after npm ci in dashboards/web.';
    note.hidden = false;
    return;
  }
  note.hidden = true;
  // After the page has shown the result: Cytoscape measures its container, which is hidden until then.
  setTimeout(() => drawGraph(tree));
}

function drawGraph(tree) {
  graph?.destroy();
  graph = window.cytoscape({
    container: $('graph'),
    elements: genealogyElements(tree),
    layout: { name: 'breadthfirst', directed: true, roots: [tree.good.id], spacingFactor: 1.1, padding: 12 },
    userZoomingEnabled: false,
    autoungrabify: true,
    style: [
      { selector: 'node', style: {
        shape: 'round-rectangle', width: 'label', height: 'label', padding: '8px',
        label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 10,
        'background-color': (node) => QUALITY_COLOURS[node.data('quality')] ?? '#eee',
        'border-width': 3, 'border-color': (node) => CUSTODY_COLOURS[node.data('custodian')] ?? '#777',
      } },
      { selector: 'node[status = "RECALLED"]', style: { 'border-style': 'dashed', color: '#b3261e' } },
      { selector: 'node[root = "yes"]', style: { 'font-weight': 'bold' } },
      // A part goes into its product: the arrow points up, at the product.
      { selector: 'edge', style: { width: 1.5, 'line-color': '#9aa5b1', 'source-arrow-color': '#9aa5b1',
        'source-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
    ],
  });
  graph.on('tap', 'node', (event) => {
    window.location.search = `?good=${encodeURIComponent(event.target.id())}`;
  });
}

function renderTimeline(tree) {
  $('timeline').replaceChildren(...treeTimeline(tree).map((event) => element('li', {},
    element('time', { text: formatTime(event.at) }), ' ',
    element('strong', { text: event.goodId }), ` ${event.text}`,
    event.txId ? element('span', { className: 'tx', text: ` tx ${event.txId.slice(0, 12)}…`,
      attributes: { title: event.txId } }) : null)));
}

function renderEnergy(tree) {
  const energy = energyOfTree(tree);
  const wh = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  facts($('energy'), [
    ['Energy to make it and its parts', `${wh.format(energy.totalWh)} Wh over ${energy.goods} goods`
      + `${energy.unreported ? ` (${energy.unreported} reported none)` : ''}`],
    ['Of which its own step', `${wh.format(energy.ownWh)} Wh`],
  ]);
}

/**
 * The product's Digital Link as a QR code, on its manufacturer's gateway only: the link opens the
 * public page of the gateway that made it.
 */
async function renderDigitalLink(good) {
  const section = $('digital-link');
  const link = digitalLinkOf(good, window.location.origin);
  const org = await ownOrg();
  section.hidden = !link || org !== good.production.producerOrg || typeof window.qrcode !== 'function';
  if (section.hidden) {
    return;
  }
  const qr = window.qrcode(0, 'M');
  qr.addData(link);
  qr.make();
  const image = element('img', { attributes: { src: qr.createDataURL(4, 2), alt: `QR code of ${link}` } });
  $('qr').replaceChildren(image);
  $('digital-link-url').textContent = link;
  $('digital-link-url').href = link;
}

const SERIES_COLOURS = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b7791f', '#b83280'];
let chart = null;
let shownProof = null; // {robotId, readingSeq}: the proof on screen, for its download

/** The robot's readings around the good's production, each point opening its checked proof. */
async function renderTelemetry(goodId) {
  chart?.destroy();
  chart = null;
  $('proof').hidden = true;
  $('proof-download').hidden = true;
  const note = $('telemetry-note');
  note.textContent = 'Loading the robot\'s readings…';
  let view;
  try {
    view = await api(path(goodId, '/telemetry'));
  } catch (error) {
    note.textContent = `The readings could not be loaded (${error.message}).`;
    return;
  }
  if (shown?.goodId !== goodId) {
    return;
  }
  note.textContent = telemetrySummary(view);
  facts($('process-parameters'), [
    ...Object.entries(view.processParameters).sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => [name, String(value)]),
    ['energy (this step)', `${view.energyWh} Wh`],
    ['telemetry anchor', view.telemetryAnchor ? `batch ${view.telemetryAnchor.batchId}` : 'none named'],
  ]);
  if (typeof window.Chart !== 'function' || view.readings.length === 0) {
    return;
  }
  const series = telemetrySeries(view);
  chart = new window.Chart($('telemetry-chart'), {
    type: 'scatter',
    data: {
      datasets: series.map(({ sensor, points }, index) => ({
        label: sensor, data: points, showLine: true, borderWidth: 1, pointRadius: 3, pointHoverRadius: 6,
        borderColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
        backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'measured at (UTC)' },
          ticks: { callback: (value) => new Date(value).toISOString().slice(11, 19) } },
      },
      plugins: {
        tooltip: { callbacks: { label: (item) => `${item.dataset.label} ${item.raw.y} (reading ${item.raw.readingSeq}`
          + `${item.raw.anchored ? ', anchored' : ''})` } },
      },
      onClick: (event, elements) => {
        if (elements.length > 0) {
          const point = chart.data.datasets[elements[0].datasetIndex].data[elements[0].index];
          showProof(view.robotId, point.readingSeq);
        }
      },
    },
  });
}

async function showProof(robotId, readingSeq) {
  const target = $('proof');
  target.className = 'proof';
  target.textContent = `Checking the proof of reading ${readingSeq}…`;
  target.hidden = false;
  try {
    const verification = await api(`/api/readings/${encodeURIComponent(robotId)}/${readingSeq}/verification`);
    const { verified, lines } = verificationText(verification);
    target.className = `proof ${verified ? 'verified' : verification.valid ? '' : 'failed'}`;
    target.textContent = lines.join('\n');
    shownProof = { robotId, readingSeq };
    $('proof-download').hidden = false;
  } catch (error) {
    target.className = 'proof failed';
    target.textContent = `No proof of reading ${readingSeq}: ${error.detail ?? error.message}`;
  }
}

async function downloadProof() {
  if (!shownProof) {
    return;
  }
  const { robotId, readingSeq } = shownProof;
  try {
    const blob = await apiBlob(`/api/readings/${encodeURIComponent(robotId)}/${readingSeq}/proof`, 'application/json');
    downloadBlob(blob, `${robotId}-${readingSeq}.proof.json`);
  } catch (error) {
    reportGoodFailure(error, shown?.goodId, `downloading the proof of reading ${readingSeq}`, ROLES);
  }
}

function render(goodId, { answer, whereUsed }) {
  shown = { goodId, answer };
  $('custody-result').hidden = true;
  renderCustody(answer.provenance.tree.good);
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
  renderGraph(provenance.tree);
  renderTimeline(provenance.tree);
  renderEnergy(provenance.tree);
  renderDigitalLink(root);
  renderTelemetry(goodId);
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
    // A GS1 good's id is an EPC URI: name the file as browsers save it, '_' for ':'.
    downloadBlob(blob, `${goodId.replaceAll(':', '_')}.epcis.jsonld`);
  } catch (error) {
    reportGoodFailure(error, goodId, `exporting ${goodId} as EPCIS`, ROLES);
  }
}

$('verify').addEventListener('click', verify);
$('offer').addEventListener('click', () => custodyAction('offer', { toOrg: $('ship-to').value }));
$('accept').addEventListener('click', () => custodyAction('accept', {}));
$('reject').addEventListener('click', () => custodyAction('reject', {}));
$('epcis').addEventListener('click', downloadEpcis);
$('proof-download').addEventListener('click', downloadProof);
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

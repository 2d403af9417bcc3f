// The lender's page: a good's collateral verification report, the chaincode's VerifyCollateral
// evaluated on the ledger's peer (GET /api/goods/{id}/collateral-report, lender or operator).

import { api, apiBlob } from './api.js';
import { $, element, downloadBlob } from './page.js';
import { formatTime } from './goods.js';
import { facts, goodLink, goodsPage, reportGoodFailure } from './goods-page.js';

const ROLES = 'a lender or operator';

// What each finding means, in a lender's words (chaincode/README.md, "Collateral verification report").
const REASONS = {
  PART_NOT_RECORDED: 'a part the assembly lists is not on the ledger',
  PROVENANCE_TOO_LARGE: 'the tree is too large to verify in one evaluation',
  ROBOT_NOT_REGISTERED: 'made by a robot that is not registered',
  ROBOT_REVOKED: 'made by a robot revoked at or before production',
  QUALITY_NOT_CHECKED: 'no quality check recorded',
  QUALITY_FAILED: 'the latest check of a type failed',
  GOOD_NOT_ACTIVE: 'consumed into a product or quarantined',
  CUSTODY_BROKEN: 'the custody chain is broken',
  TRANSFER_PENDING: 'a custody transfer is pending',
  RECALLED: 'recalled',
  ENCUMBERED: 'an active lien already covers it',
  UNANCHORED: 'its production names no telemetry batch',
  ANCHOR_NOT_RECORDED: 'its telemetry batch is not anchored',
  ANCHOR_ROOT_MISMATCH: 'the anchored Merkle root differs',
  ANCHOR_ROBOT_NOT_COVERED: 'the anchor does not list its robot',
  ANCHOR_TIME_NOT_COVERED: 'its production time is outside the anchor\'s range',
};

const CHECKED = [
  ['nodeCount', 'Goods in the tree'],
  ['depth', 'Levels below the good'],
  ['rawPartCount', 'Raw parts'],
  ['robotsChecked', 'Robots checked'],
  ['qualityChecksCounted', 'Quality checks counted'],
  ['custodyStepsChecked', 'Custody steps checked'],
  ['anchorsChecked', 'Telemetry anchors checked'],
  ['productsAboveChecked', 'Products above checked for liens'],
];

function reasonRow(reason) {
  const code = element('td', {}, element('code', { text: reason.code }));
  if (REASONS[reason.code]) {
    code.append(element('div', { className: 'note', text: REASONS[reason.code] }));
  }
  return element('tr', {}, code, element('td', { className: 'nowrap' }, goodLink(reason.goodId, 'provenance.html')),
    element('td', { className: 'detail', text: reason.detail }));
}

const load = (goodId) => api(`/api/goods/${encodeURIComponent(goodId)}/collateral-report`);

let shownGood = null;

// A GS1 good's id is an EPC URI; browsers turn its ':' into '_' in a saved file's name, so say that name.
const certificateFile = (goodId) => `provenance-certificate-${goodId.replaceAll(':', '_')}.json`;

function render(goodId, answer) {
  const { report } = answer;
  shownGood = goodId;
  $('download-certificate').disabled = false;
  $('certificate-file').textContent = certificateFile(goodId);
  $('report-good').textContent = goodId;
  const verdict = $('verdict');
  verdict.textContent = report.verdict === 'ELIGIBLE' ? 'ELIGIBLE as collateral' : 'NOT ELIGIBLE as collateral';
  verdict.className = `verdict verdict-${report.verdict}`;
  $('verdict-note').textContent = report.verdict === 'ELIGIBLE'
    ? 'No reason against the good was found in its whole component tree.'
    : `${report.reasons.length} reason${report.reasons.length === 1 ? '' : 's'} against it, the good's own standing first,`
      + ' then its parts depth first.';
  facts($('report-facts'), [
    ['Custodian', report.custodianOrg],
    ['Evaluated', formatTime(report.evaluatedAtEpochMillis)],
    ['Ledger height', `${answer.ledgerHeight} (source: ${answer.source})`],
    ['Evaluation', element('span', { className: 'tx', text: `${report.evaluatedInTxId.slice(0, 16)}…`,
      attributes: { title: report.evaluatedInTxId } })],
  ]);
  $('reasons').tBodies[0].replaceChildren(...report.reasons.map(reasonRow));
  $('reasons').hidden = report.reasons.length === 0;
  $('no-reasons').hidden = report.reasons.length > 0;
  facts($('checked'), [
    ...CHECKED.map(([key, label]) => [label, String(report.checked[key])]),
    ['Walk complete', report.checked.complete ? 'yes' : 'no: a bound stopped it'],
  ]);
}

async function downloadCertificate() {
  if (!shownGood) {
    return;
  }
  const goodId = shownGood;
  try {
    const blob = await apiBlob(`/api/goods/${encodeURIComponent(goodId)}/certificate`, 'application/json');
    downloadBlob(blob, certificateFile(goodId));
  } catch (error) {
    reportGoodFailure(error, goodId, `issuing the certificate of ${goodId}`, ROLES);
  }
}

$('download-certificate').addEventListener('click', downloadCertificate);

goodsPage({
  title: 'Collateral verification',
  heading: 'Is this collateral genuine and unencumbered?',
  button: 'Verify collateral',
  hint: 'Takes a lender or operator token. The report is the chaincode\'s VerifyCollateral, evaluated on the '
    + 'ledger\'s peer at the time you ask: provenance complete, robots genuine, quality passed, custody unbroken, '
    + 'not recalled, no lien, telemetry anchored.',
  roles: ROLES,
  doing: (goodId) => `verifying ${goodId} as collateral`,
  load,
  render,
});

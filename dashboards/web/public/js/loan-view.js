// What the lender's and the borrower's loan pages share: a loan as a card with what the ledger
// records (the lien, its valuation at the oracle's latest price, the disbursement) and what the
// org's own Lightning node says about the payments (GET /api/loans/{id}/payments).

import { api } from './api.js';
import { clearProblem, element, reportRefusedToken, showProblem } from './page.js';
import { formatTime } from './goods.js';

const SATS_PER_BTC = 100_000_000;

export const sats = (amount) => `${Number(amount).toLocaleString('en-US')} sats`;

/** Minor units of a currency (cents) as "1,234.56 USD". */
export function money(minorUnits, currency) {
  return `${(minorUnits / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** What `principalSats` are worth at a price of `minorUnitsPerBtc`, in minor units (integer arithmetic where it matters). */
export function valueMinor(principalSats, minorUnitsPerBtc) {
  return Math.round((principalSats * minorUnitsPerBtc) / SATS_PER_BTC);
}

const percent = (bps) => `${(bps / 100).toFixed(2)} %`;

function hash(label, hex) {
  return hex ? element('code', { className: 'tx', text: hex, attributes: { 'aria-label': label } }) : '–';
}

/**
 * Runs an action of the page (`call`, a promise of the gateway's answer), reports its failure in
 * the page's alert (naming `roles` when the token is refused) and then `refresh`es the page.
 * Resolves to the answer, or null after a failure.
 */
export async function act(doing, call, roles, refresh) {
  clearProblem();
  let answer = null;
  try {
    answer = await call();
  } catch (error) {
    if (!reportRefusedToken(error, doing, roles)) {
      showProblem(`Failed while ${doing}: ${error.message}`);
    }
  }
  await refresh();
  return answer;
}

/** A loan's lien with its payments as the ledger and this org's node see them. */
export async function loadLoans(listPath) {
  const { loans } = await api(listPath);
  return Promise.all(loans.map(async (loan) => ({
    ...loan,
    payments: await api(`/api/loans/${encodeURIComponent(loan.lien.loanId)}/payments`),
  })));
}

/** The facts of one loan, as <dl> rows. */
export function loanFacts(loan) {
  const { lien, evaluation, payments } = loan;
  const rows = [
    ['Lien', lien.status],
    ['Good', lien.goodId],
    ['Lender', lien.lenderOrg],
    ['Borrower', lien.borrowerOrg],
    ['Principal', sats(lien.principalSats)],
  ];
  if (evaluation) {
    rows.push(
      ['Value at the latest price', `${money(valueMinor(lien.principalSats, evaluation.minorUnitsPerBtc), evaluation.currency)}`
        + ` at ${money(evaluation.minorUnitsPerBtc, evaluation.currency)} per BTC (${evaluation.priceId})`],
      ['Collateral', money(lien.appraisedValueMinor, lien.currency)],
      ['Loan-to-value', percent(evaluation.ltvBps)],
      ['Margin', `${evaluation.state}: ${percent(evaluation.marginLeftBps)} before a margin call at `
        + `${percent(evaluation.marginCallBps)}; liquidation at ${percent(evaluation.liquidationBps)}, from `
        + `${money(evaluation.liquidationAtMinorUnitsPerBtc, evaluation.currency)} per BTC`],
    );
  } else if (loan.evaluationRefused) {
    rows.push(['Valuation', `none: ${loan.evaluationRefused.code}`]);
  }
  const paidOut = payments.disbursement;
  rows.push(['Disbursement', paidOut.paymentHash
    ? element('span', {}, hash('Disbursement payment hash', paidOut.paymentHash),
      element('span', { text: ` ${sats(paidOut.amountSats)} paid ${formatTime(paidOut.paidAtEpochMillis)}`
        + (paidOut.invoiceState ? `; invoice ${paidOut.invoiceState} on this node` : '') }))
    : 'not paid out yet']);
  const repayment = payments.repayment;
  const repaid = repayment.invoiceState ? ` invoice ${repayment.invoiceState} on this node (${sats(repayment.amountPaidSat)}`
    + ` of ${sats(repayment.amountSat)} paid)` : '';
  rows.push(['Repayment', element('span', {}, hash('Repayment payment hash', repayment.paymentHash),
    element('span', { text: repaid + (repayment.preimageHex ? '; released with its preimage' : '') }))]);
  return rows;
}

/** <article aria-label="Loan <id>"> with the loan's facts and `actions` (nodes) below them. */
export function loanCard(loan, actions) {
  const list = element('dl', { className: 'facts' });
  for (const [term, value] of loanFacts(loan)) {
    list.append(element('div', {}, element('dt', { text: term }),
      value instanceof Node ? element('dd', {}, value) : element('dd', { text: value })));
  }
  return element('article', { className: 'loan', attributes: { 'aria-label': `Loan ${loan.lien.loanId}` } },
    element('h3', { text: `Loan ${loan.lien.loanId}` }), list,
    element('div', { className: 'actions' }, ...actions));
}

/** A small form: a labelled input (or textarea) and a button; `onSubmit(value)` runs on submit. */
export function actionForm(label, button, onSubmit, { multiline = false } = {}) {
  const field = element(multiline ? 'textarea' : 'input', { attributes: { 'aria-label': label, spellcheck: 'false',
    autocomplete: 'off', required: '' } });
  const form = element('form', { className: 'action' }, field, element('button', { text: button, attributes: { type: 'submit' } }));
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    onSubmit(field.value.trim());
  });
  return form;
}

/** A button that runs `onClick`. */
export function actionButton(text, onClick) {
  const button = element('button', { text, attributes: { type: 'button' } });
  button.addEventListener('click', onClick);
  return button;
}

/** A read-only field showing a text to hand to the other party (an invoice, terms). */
export function handOver(label, text) {
  return element('label', { className: 'hand-over' }, element('span', { text: label }),
    element('textarea', { text, attributes: { readonly: '', 'aria-label': label, rows: '3' } }));
}

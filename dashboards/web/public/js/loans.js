// The lender's loans: offer a loan against a good, pay the principal out over Lightning, issue the
// repayment invoice, liquidate (POST /api/lending/..., lender token, on the lender's gateway).

import { api } from './api.js';
import { $, element, mountHeader, reportRefusedToken, showProblem } from './page.js';
import { act as actOnLoans, actionButton, actionForm, handOver, loadLoans, loanCard } from './loan-view.js';

const ROLES = 'a lender';
const DAY_MILLIS = 86_400_000;

const act = (doing, call) => actOnLoans(doing, call, ROLES, refresh);

const post = (path, body = {}) => api(path, { method: 'POST', body });
const loanPath = (loanId, action) => `/api/lending/loans/${encodeURIComponent(loanId)}/${action}`;

function actions(loan) {
  const { lien, evaluation, payments } = loan;
  if (lien.status !== 'ACTIVE') {
    return [];
  }
  const loanId = lien.loanId;
  const shown = [];
  if (!payments.disbursement.paymentHash) {
    shown.push(actionForm('Borrower\'s invoice for the principal', 'Pay out',
      (paymentRequest) => act(`paying out loan ${loanId}`, () => post(loanPath(loanId, 'disburse'), { paymentRequest }))));
  } else if (payments.repayment.invoiceState === 'OPEN') {
    shown.push(handOver('Repayment invoice for the borrower', payments.repayment.paymentRequest));
  } else if (!payments.repayment.invoiceState || payments.repayment.invoiceState === 'CANCELED') {
    shown.push(actionButton('Issue repayment invoice',
      () => act(`issuing the repayment invoice of loan ${loanId}`, () => post(loanPath(loanId, 'repayment-invoice')))));
  }
  if (evaluation?.state === 'LIQUIDATABLE') {
    shown.push(actionButton('Liquidate', () => act(`liquidating loan ${loanId}`, () => post(loanPath(loanId, 'liquidate')))));
  }
  return shown;
}

async function refresh() {
  try {
    const loans = await loadLoans('/api/lending/loans');
    loans.sort((a, b) => b.lien.pledgedAtEpochMillis - a.lien.pledgedAtEpochMillis);
    $('loans').replaceChildren(...loans.map((loan) => loanCard(loan, actions(loan))));
    $('no-loans').hidden = loans.length > 0;
  } catch (error) {
    if (!reportRefusedToken(error, 'listing the loans lent', ROLES)) {
      showProblem(`Failed while listing the loans lent: ${error.message}`);
    }
  }
}

function offer(submitted) {
  submitted.preventDefault();
  const value = (id) => $(id).value.trim();
  const principalSats = Number(value('principal'));
  const owed = Number(value('owed'));
  const terms = {
    interestBps: Math.round(((owed - principalSats) * 10_000) / principalSats),
    schedule: [{ dueEpochMillis: Date.now() + Number(value('due-days')) * DAY_MILLIS, amountSats: owed }],
    borrowerDetails: { legalName: value('legal-name') },
  };
  const loanId = value('loan-id');
  act(`offering loan ${loanId}`, () => post('/api/lending/offers', {
    loanId, goodId: value('good-id'), borrowerOrg: value('borrower-org'), principalSats,
    appraisedValueMinor: Math.round(Number(value('appraised')) * 100), currency: 'USD',
    maxLtvBps: 5_000, marginCallBps: 7_000, liquidationBps: 8_000,
    expiresAtEpochMillis: Date.now() + 7 * DAY_MILLIS, terms,
  })).then((answer) => {
    if (answer) {
      $('offered').replaceChildren(element('p', { attributes: { role: 'status', 'aria-label': 'Offer' },
        text: `Loan ${loanId} offered to ${value('borrower-org')} in transaction ${answer.transactionId}.` }),
      handOver('Terms for the borrower', JSON.stringify(terms)));
    }
  });
}

$('offer-form').addEventListener('submit', offer);
const good = new URLSearchParams(window.location.search).get('good');
if (good) {
  $('good-id').value = good;
}
mountHeader('Loans', refresh);
refresh();

// The borrower's loans (operator token, on the borrower's gateway): accept an offer by pledging the
// good, issue the invoice the lender pays the principal to, repay, see the lien released.

import { api } from './api.js';
import { $, element, mountHeader, reportRefusedToken, showProblem } from './page.js';
import { act as actOnLoans, actionButton, actionForm, handOver, loadLoans, loanCard, sats } from './loan-view.js';
import { formatTime } from './goods.js';

const ROLES = 'an operator';

const post = (path, body = {}) => api(path, { method: 'POST', body });
const invoices = new Map(); // loan id -> the principal invoice issued in this tab

const act = (doing, call) => actOnLoans(doing, call, ROLES, refresh);

function offerCard(offer) {
  const { pledge } = offer;
  const accept = actionForm('Terms from the lender (JSON)', 'Accept and pledge', (text) => {
    let terms;
    try {
      terms = JSON.parse(text);
    } catch {
      showProblem('The terms are not JSON: paste them as the lender handed them over.');
      return;
    }
    act(`accepting loan ${pledge.loanId}`, () => post(`/api/borrowing/offers/${encodeURIComponent(pledge.loanId)}/accept`,
      { terms }));
  }, { multiline: true });
  return element('article', { className: 'loan', attributes: { 'aria-label': `Offer ${pledge.loanId}` } },
    element('h3', { text: `Offer ${pledge.loanId}` }),
    element('p', { text: `${pledge.lenderOrg} offers ${sats(pledge.principalSats)} against ${pledge.goodId}, `
      + `until ${formatTime(offer.expiresAtEpochMillis)}.` }),
    accept);
}

function actions(loan) {
  const { lien, payments } = loan;
  if (lien.status !== 'ACTIVE') {
    return [];
  }
  const loanId = lien.loanId;
  const path = (action) => `/api/borrowing/loans/${encodeURIComponent(loanId)}/${action}`;
  if (!payments.disbursement.paymentHash) {
    const issued = invoices.get(loanId);
    return issued ? [handOver('Invoice for the lender', issued)]
      : [actionButton('Issue invoice for the principal', () => act(`issuing an invoice for loan ${loanId}`, async () => {
        const invoice = await post(path('principal-invoice'));
        invoices.set(loanId, invoice.paymentRequest);
        return invoice;
      }))];
  }
  return [actionForm('Lender\'s repayment invoice', 'Repay',
    (paymentRequest) => act(`repaying loan ${loanId}`, () => post(path('repay'), { paymentRequest })))];
}

async function refresh() {
  try {
    const [offers, loans] = await Promise.all([api('/api/borrowing/offers'), loadLoans('/api/borrowing/loans')]);
    const open = offers.filter((offer) => offer.status === 'OPEN');
    $('offers').replaceChildren(...open.map(offerCard));
    $('no-offers').hidden = open.length > 0;
    loans.sort((a, b) => b.lien.pledgedAtEpochMillis - a.lien.pledgedAtEpochMillis);
    $('loans').replaceChildren(...loans.map((loan) => loanCard(loan, actions(loan))));
    $('no-loans').hidden = loans.length > 0;
  } catch (error) {
    if (!reportRefusedToken(error, 'listing the loans', ROLES)) {
      showProblem(`Failed while listing the loans: ${error.message}`);
    }
  }
}

mountHeader('Borrowing', refresh);
refresh();

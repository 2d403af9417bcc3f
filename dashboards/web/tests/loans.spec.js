// A loan clicked through from offer to release on the lender's page (loans.html on the lender's
// gateway) and the borrower's (borrower.html on the manufacturer's), with real payments on the
// system's regtest Lightning pair: `network/system.sh e2e` starts it when btcd and lnd are installed.
import { expect, test } from '@playwright/test';

const operator = process.env.DASHBOARD_TOKEN;
const lender = process.env.DASHBOARD_LENDER_TOKEN;
const lenderUrl = process.env.DASHBOARD_LENDER_URL;
const ledger = process.env.DASHBOARD_LEDGER;
const screenshot = (page, name) => page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });

test.skip(!(ledger === 'fabric' || ledger === 'embedded'), 'needs a ledger (network/system.sh e2e)');
test.skip(process.env.DASHBOARD_LIGHTNING !== 'on' || !lenderUrl || !lender,
  'needs the Lightning pair and the lender\'s gateway (DASHBOARD_LIGHTNING=on, DASHBOARD_LENDER_URL, DASHBOARD_LENDER_TOKEN)');

async function json(request, path) {
  const response = await request.get(path, { headers: { Authorization: `Bearer ${operator}` } });
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
  return response.json();
}

/** A product of robot-001, the line's final assembler, that the chaincode finds ELIGIBLE (not shipped, recalled or pledged). */
async function eligibleGood(request) {
  let goodId;
  await expect.poll(async () => {
    const events = await json(request, '/api/production-events?state=COMMITTED&limit=200');
    for (const event of events) {
      if (event.type === 'ASSEMBLED' && event.robotId === 'robot-001') {
        const { report } = await json(request, `/api/goods/${event.goodId}/collateral-report`);
        if (report.verdict === 'ELIGIBLE') {
          goodId = event.goodId;
          return true;
        }
      }
    }
    return false;
  }, { message: 'an eligible product of robot-001', timeout: 90_000 }).toBe(true);
  return goodId;
}

test('a loan is offered, accepted, paid out, repaid and released by clicking through both pages', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const goodId = await eligibleGood(request);
  const loanId = `loan-e2e-${Date.now()}`;
  const lenderPage = await (await browser.newContext({ baseURL: lenderUrl })).newPage();
  const borrowerPage = await (await browser.newContext()).newPage();

  await lenderPage.goto(`/loans.html?good=${goodId}#token=${lender}`);
  await lenderPage.getByLabel('Loan id').fill(loanId);
  await lenderPage.getByRole('button', { name: 'Offer loan' }).click();
  await expect(lenderPage.getByRole('status', { name: 'Offer' })).toContainText(`Loan ${loanId} offered to ManufacturerMSP`);
  const terms = await lenderPage.getByLabel('Terms for the borrower').inputValue();

  await borrowerPage.goto(`/borrower.html#token=${operator}`);
  const offer = borrowerPage.getByRole('article', { name: `Offer ${loanId}` });
  await offer.getByLabel('Terms from the lender (JSON)').fill(terms);
  await offer.getByRole('button', { name: 'Accept and pledge' }).click();
  const borrowed = borrowerPage.getByRole('article', { name: `Loan ${loanId}` });
  await expect(borrowed).toContainText('ACTIVE');
  await borrowed.getByRole('button', { name: 'Issue invoice for the principal' }).click();
  const principalInvoice = await borrowed.getByLabel('Invoice for the lender').inputValue();
  expect(principalInvoice).toMatch(/^lnbcrt/);

  await lenderPage.reload();
  const lent = lenderPage.getByRole('article', { name: `Loan ${loanId}` });
  await expect(lent).toContainText('100,000 sats');
  await expect(lent).toContainText('Value at the latest price');
  await expect(lent).toContainText('Loan-to-value');
  await lent.getByLabel('Borrower\'s invoice for the principal').fill(principalInvoice);
  await lent.getByRole('button', { name: 'Pay out' }).click();
  await expect(lent.getByLabel('Disbursement payment hash')).toHaveText(/^[0-9a-f]{64}$/);
  await lent.getByRole('button', { name: 'Issue repayment invoice' }).click();
  const repaymentInvoice = await lent.getByLabel('Repayment invoice for the borrower').inputValue();
  const releaseHash = await lent.getByLabel('Repayment payment hash').innerText();
  await screenshot(lenderPage, 'loans-lender-paid-out');

  await borrowerPage.reload();
  await expect(borrowed).toContainText('invoice SETTLED on this node');
  await borrowed.getByLabel('Lender\'s repayment invoice').fill(repaymentInvoice);
  await borrowed.getByRole('button', { name: 'Repay' }).click();
  await expect(borrowed.locator('dd').first()).toHaveText('RELEASED', { timeout: 60_000 });
  await expect(borrowed).toContainText('released with its preimage');
  await screenshot(borrowerPage, 'loans-borrower-released');

  await lenderPage.reload();
  await expect(lent.locator('dd').first()).toHaveText('RELEASED');
  await expect(lent.getByLabel('Repayment payment hash')).toHaveText(releaseHash);
  await expect(lent).toContainText('invoice SETTLED on this node (101,000 sats of 101,000 sats paid)');
});

test('the borrower page refuses a lender token and says who may use it', async ({ page }) => {
  await page.goto(`/borrower.html#token=${lender}`);
  await expect(page.getByRole('alert')).toContainText('403');
  await expect(page.getByRole('alert')).toContainText('Sign in with an operator token');
});

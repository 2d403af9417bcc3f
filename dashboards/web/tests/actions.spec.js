// Acting from the dashboard on a system with a ledger (`network/system.sh e2e`): the manufacturer
// ships a product and the retailer accepts it on its own gateway, the operator recalls a product,
// and the production events the ledger refused show on the factory floor with their reasons. The
// products are robot-001's, the final assembler of the simulated line (robot-002 assembles their
// assemblies from the brackets of robot-003 and robot-004); the other tests revoke the last robot.
import { expect, test } from '@playwright/test';
import { json, operator, retailer, screenshot, withLedger } from './system.js';

const manufacturerUrl = process.env.DASHBOARD_URL ?? 'http://127.0.0.1:8080';
// The retailer's gateway takes the port after the manufacturer's (network/system.env).
const retailerUrl = process.env.DASHBOARD_RETAILER_URL
  ?? (() => { const url = new URL(manufacturerUrl); url.port = String(Number(url.port) + 1); return url.origin; })();

test.skip(!withLedger, 'needs a gateway with a ledger (DASHBOARD_LEDGER=fabric or embedded: network/system.sh e2e)');
test.skip(withLedger && !retailer, 'DASHBOARD_RETAILER_TOKEN is needed');

/**
 * Products of robot-001 the read model holds as active, passed and at the manufacturer with no
 * shipment pending, newest first.
 */
async function unshippedProducts(request, count) {
  let found = [];
  await expect.poll(async () => {
    const { goods } = await json(request, '/api/goods?robot=robot-001&kind=product&status=ACTIVE&limit=20', operator);
    found = [];
    for (const summary of goods.filter((good) => good.quality === 'PASS' && good.custodianOrg === 'ManufacturerMSP')) {
      const { good } = await json(request, `/api/goods/${summary.id}`, operator);
      if (!good.pendingTransfer) {
        found.push(good.id);
      }
    }
    return found.length;
  }, { message: `${count} unshipped products of robot-001 in the read model`, timeout: 90_000 })
    .toBeGreaterThanOrEqual(count);
  return found;
}

test('the manufacturer ships a product, the retailer accepts it and sees its genealogy three levels deep', async ({ page, request }) => {
  // Ships, accepts and then reads the genealogy of what arrived: three waits on the ledger and read models.
  test.setTimeout(180_000);
  const [product] = await unshippedProducts(request, 1);
  await page.goto(`/provenance.html?good=${product}#token=${operator}`);
  const custody = page.getByRole('form', { name: 'Custody' });
  await expect(custody).toContainText('ManufacturerMSP holds this good and may ship it');
  await custody.getByLabel('Ship to').selectOption('RetailerMSP');
  await custody.getByRole('button', { name: 'Offer the good' }).click();
  await expect(page.getByRole('status', { name: 'Custody result' })).toContainText('Offered to RetailerMSP (block');
  await expect(custody).toContainText('a transfer to RetailerMSP is pending');
  await screenshot(page, 'custody-offered');

  // The retailer's own gateway writes as RetailerMSP; its read model follows the ledger a moment
  // later, and may not even hold the product yet (the page then says so): load again until it does.
  await expect(async () => {
    await page.goto(`${retailerUrl}/provenance.html?good=${product}#token=${retailer}`);
    await expect(page.getByRole('article', { name: `Good ${product}` })).toBeVisible({ timeout: 5_000 });
    await expect(page.getByRole('button', { name: 'Accept shipment' })).toBeVisible({ timeout: 1_000 });
  }, 'the offer in the retailer\'s read model').toPass({ timeout: 45_000 });
  await expect(page.getByRole('form', { name: 'Custody' }))
    .toContainText(`ManufacturerMSP offered this good to RetailerMSP`);
  await page.getByRole('button', { name: 'Accept shipment' }).click();
  await expect(page.getByRole('status', { name: 'Custody result' }))
    .toContainText('Accepted: RetailerMSP now holds it (block');
  await expect.poll(async () => {
    await page.reload();
    return page.getByRole('article', { name: `Good ${product}` }).innerText();
  }, { timeout: 45_000 }).toContain('ACCEPTED ManufacturerMSP → RetailerMSP');
  await screenshot(page, 'custody-accepted');

  // What the retailer received, three levels deep: the product, robot-002's two assemblies, and the
  // part makers' two brackets in each, drawn as a genealogy graph and listed part by part.
  const { good } = await json(request, `/api/goods/${product}`, retailer);
  const fact = (name) => page.locator('#summary div', { hasText: name }).getByRole('definition');
  await expect(fact('Levels below it')).toHaveText('2');
  await expect(fact('Goods in the tree')).toHaveText('7');
  await expect(fact('Custodian')).toHaveText('RetailerMSP');
  await expect(page.getByRole('img', { name: 'Genealogy' }).locator('canvas').first()).toBeVisible();
  expect(good.partIds).toHaveLength(2);
  for (const assembly of good.partIds) {
    const node = page.getByRole('list', { name: `Parts of ${product}` }).getByRole('article', { name: `Good ${assembly}` });
    await expect(node).toContainText('assembly');
    await expect(node).toContainText('robot-002');
    const brackets = page.getByRole('list', { name: `Parts of ${assembly}` }).getByRole('article');
    await expect(brackets).toHaveCount(2);
    for (const bracket of await brackets.all()) {
      await expect(bracket).toContainText('bracket');
      await expect(bracket).toContainText(/robot-00[34]/);
      await expect(bracket).toContainText('CONSUMED');
    }
  }
  await screenshot(page, 'retailer-genealogy');
});

test('the operator raises a recall of a product from the recall page', async ({ page, request }) => {
  const products = await unshippedProducts(request, 1);
  const product = products[products.length - 1];
  await page.goto(`/recall.html?good=${product}#token=${operator}`);
  const raise = page.getByRole('form', { name: 'Raise a recall' });
  await raise.getByLabel('Reason').fill('cracked weld seam');
  await raise.getByRole('button', { name: `Recall ${product}` }).click();

  const result = page.getByRole('status', { name: 'Recall result' });
  await expect(result).toContainText('Recalled on the ledger in block');
  await expect(result).toContainText(`${product} marked RECALLED for "cracked weld seam"`);
  await screenshot(page, 'recall-raised');
  await expect.poll(async () => (await json(request, `/api/goods/${product}`, retailer)).good.status,
    { timeout: 45_000 }).toBe('RECALLED');
});

test('a recall takes an operator token, and the page says so', async ({ page, request }) => {
  const [product] = await unshippedProducts(request, 1);
  await page.goto(`/recall.html?good=${product}#token=${retailer}`);
  await page.getByLabel('Reason').fill('not mine to recall');
  await page.getByRole('button', { name: `Recall ${product}` }).click();
  await expect(page.getByRole('alert')).toContainText('403');
  await expect(page.getByRole('alert')).toContainText('Sign in with an operator token');
});

test('production events the ledger refused show on the factory floor with their reasons', async ({ page, request }) => {
  // The refusal shows once the assembly's turn on the ledger comes, after the parts' productions and checks.
  test.setTimeout(150_000);
  // A part recalled before robot-002 assembles it: the ledger refuses the assembly (the part is not
  // active). robot-003 makes a bracket every few seconds; its newest active ones are recalled until
  // one is caught before its assembly.
  const recalled = new Set();
  await expect.poll(async () => {
    const { goods } = await json(request, '/api/goods?robot=robot-003&kind=bracket&status=ACTIVE&limit=5', operator);
    for (const part of goods.filter((good) => !recalled.has(good.id))) {
      recalled.add(part.id);
      await request.post(`/api/goods/${part.id}/recall`, {
        headers: { Authorization: `Bearer ${operator}` },
        data: { reason: 'burr on the mounting hole', eventId: `recall-${part.id}` },
      });
    }
    const refused = await json(request, '/api/production-events?state=REFUSED&limit=50', operator);
    return refused.some((event) => event.robotId === 'robot-002' && event.type === 'ASSEMBLED');
  }, { message: 'an assembly of a recalled part refused by the ledger', timeout: 90_000, intervals: [500] }).toBe(true);

  await page.goto(`/#token=${operator}`);
  const table = page.getByRole('table', { name: 'Refused production events' });
  const row = table.getByRole('row', { name: /robot-002.*ASSEMBLED/ }).first();
  await expect(row).toContainText('LEDGER');
  await expect(row).toContainText('GOOD_NOT_ACTIVE');
  await expect(row).toContainText('RECALLED');
  await screenshot(page, 'factory-refused-events');
});

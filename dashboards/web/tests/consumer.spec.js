// What the people holding a product see, and what its manufacturer sees of it, on a system with a
// ledger (`network/system.sh e2e`): a product's GS1 Digital Link opens its public page without a
// token, a part's shows nothing, a recalled product says so in red; the operator finds a good by
// its serial; the provenance page shows the Digital Link's QR code and the robot's readings while
// the good was made, each point opening its checked proof. The products are robot-001's, the
// simulated line's final assembler; one other than the one read here is recalled.
import { expect, test } from '@playwright/test';
import { json, operator, retailer, screenshot, withLedger } from './system.js';
import { digitalLinkPath } from '../public/js/digital-link.js';


test.skip(!withLedger, 'needs a gateway with a ledger (DASHBOARD_LEDGER=fabric or embedded: network/system.sh e2e)');
test.skip(withLedger && !retailer, 'DASHBOARD_RETAILER_TOKEN is needed');

/** A checked, active product of robot-001 the read model holds, with its GS1 keys and its parts, other than `except`. */
async function checkedProduct(request, except = null) {
  let found;
  await expect.poll(async () => {
    const { goods } = await json(request, '/api/goods?robot=robot-001&kind=product&status=ACTIVE&limit=20', operator);
    found = goods.find((good) => good.quality === 'PASS' && good.custodianOrg === 'ManufacturerMSP' && good.serial
      && good.id !== except);
    return Boolean(found);
  }, { message: 'a checked product of robot-001 with GS1 keys in the read model', timeout: 90_000 }).toBe(true);
  return (await json(request, `/api/goods/${found.id}`, operator)).good;
}

let product;

test.beforeAll(async ({ request }) => {
  product = await checkedProduct(request);
});

test('without a token a product\'s Digital Link shows its public page, and a part\'s shows nothing', async ({ browser, request }) => {
  const anonymous = await browser.newContext();
  const page = await anonymous.newPage();
  const { gtin, serial } = product.production;
  await page.goto(digitalLinkPath(gtin, serial));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`product ${serial}`);
  const facts = page.getByLabel('What the manufacturer discloses');
  await expect(facts).toContainText(`GTIN ${gtin} · serial ${serial}`);
  await expect(facts).toContainText('robot robot-001 on line l1');
  await expect(facts).toContainText('s1');
  await expect(facts).toContainText('all passed: functional PASS');
  await expect(facts).toContainText(/Wh to make it and its \d+ parts/);
  await expect(facts).toContainText(/recorded in transaction .* this page reflects ledger height \d+/);
  await expect(page.getByRole('alert')).toBeHidden();
  await screenshot(page, 'product-public-page');

  const { good: part } = await json(request, `/api/goods/${product.partIds[0]}`, retailer);
  await page.goto(digitalLinkPath(part.production.gtin, part.production.serial));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not public');
  await expect(page.getByRole('status', { name: 'Product page' })).toHaveText('The manufacturer publishes nothing about this item.');
  await expect(page.getByLabel('What the manufacturer discloses')).toBeEmpty();
  await screenshot(page, 'part-not-public');
  const answer = await request.get(`/api/public${digitalLinkPath(part.production.gtin, part.production.serial)}`);
  expect(answer.status()).toBe(404);
  expect(await answer.text()).not.toContain('robot-001"');
  await anonymous.close();
});

test('a recalled product\'s public page says so in red', async ({ browser, request }) => {
  const recalled = await checkedProduct(request, product.id);
  await json(request, `/api/goods/${recalled.id}/recall`, operator, {
    method: 'POST', data: { reason: 'weld seam may crack', eventId: `recall-public-${recalled.production.serial}` },
  });
  const anonymous = await browser.newContext();
  const page = await anonymous.newPage();
  const notice = page.getByRole('alert');
  await expect.poll(async () => {
    await page.goto(digitalLinkPath(recalled.production.gtin, recalled.production.serial));
    await expect(page.getByLabel('What the manufacturer discloses')).not.toBeEmpty();
    return notice.isVisible();
  }, { message: 'the recall in the read model', timeout: 45_000 }).toBe(true);
  await expect(notice).toContainText('Recalled on');
  await expect(notice).toContainText('weld seam may crack');
  expect(await notice.evaluate((node) => getComputedStyle(node).backgroundColor)).toBe('rgb(179, 38, 30)');
  await screenshot(page, 'product-public-page-recalled');
  await anonymous.close();
});

test('the operator finds a good by its serial', async ({ page }) => {
  await page.goto(`/goods.html#token=${operator}`);
  const search = page.getByRole('form', { name: 'Search goods' });
  await search.getByLabel('Serial').fill(product.production.serial);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`goods\\.html\\?serial=${encodeURIComponent(product.production.serial)}&limit=25$`));
  const rows = page.getByRole('table', { name: 'Goods found' }).locator('tbody tr');
  // The page lists recent goods before the search answers: wait for the search's one row.
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`${product.production.gtin} / ${product.production.serial}`);
  await expect(rows.first().getByRole('link', { name: product.id, exact: true })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Search result' })).toContainText('Page 1: 1 good');
  await screenshot(page, 'find-by-serial');
});

test('a retailer sees the Digital Link as a QR code and a telemetry chart whose point opens a verified proof', async ({ page, request }) => {
  const vendored = [];
  page.on('request', (sent) => {
    if (/\/vendor\//.test(sent.url())) {
      vendored.push(new URL(sent.url()).pathname);
    }
  });
  // The readings' batches reach the ledger a little after the production does.
  const telemetry = `/api/goods/${product.id}/telemetry`;
  await expect.poll(async () => (await json(request, telemetry, operator)).readings.some((reading) => reading.anchored),
    { message: 'an anchored reading around the product\'s production', timeout: 45_000 }).toBe(true);

  // A retailer checking what it bought, on the manufacturer's gateway, where the readings are journaled.
  await page.goto(`/provenance.html?good=${encodeURIComponent(product.id)}#token=${retailer}`);
  const link = `${new URL(page.url()).origin}${digitalLinkPath(product.production.gtin, product.production.serial)}`;
  await expect(page.getByRole('img', { name: `QR code of ${link}` })).toBeVisible();
  await expect(page.locator('#digital-link-url')).toHaveText(link);
  await expect(page.getByLabel('Process parameters')).toContainText('weld.current.a');
  await expect(page.getByRole('status', { name: 'Telemetry' })).toContainText(/\d+ readings of robot-001 from/);
  expect(vendored).toEqual(expect.arrayContaining(['/vendor/chart.umd.min.js', '/vendor/qrcode.js']));

  // A real click on an anchored point, where Chart.js drew it.
  const canvas = page.locator('#telemetry-chart');
  await expect(canvas).toBeVisible();
  const point = await canvas.evaluate((node) => {
    const chart = window.Chart.getChart(node);
    for (const [datasetIndex, dataset] of chart.data.datasets.entries()) {
      const index = dataset.data.findIndex((reading) => reading.anchored);
      if (index >= 0) {
        const { x, y } = chart.getDatasetMeta(datasetIndex).data[index];
        return { x, y, readingSeq: dataset.data[index].readingSeq };
      }
    }
    return null;
  });
  expect(point).not.toBeNull();
  await canvas.click({ position: { x: point.x, y: point.y } });
  const proof = page.getByRole('status', { name: 'Reading proof' });
  await expect(proof).toContainText('proof VERIFIED, anchored on the ledger');
  await expect(proof).toContainText('PASSED');
  await expect(proof).not.toContainText('FAILED');
  await screenshot(page, 'telemetry-proof');
});

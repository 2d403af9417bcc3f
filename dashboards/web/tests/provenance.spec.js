// The provenance, lender and recall pages against a system with a ledger: `network/system.sh e2e`
// runs them on the project's Fabric network when FABRIC_HOME holds Fabric, and on the embedded
// ledger (the real chaincode contract in one process, not Fabric) otherwise. The goods are the ones the simulated robots made and the gateway
// recorded on it; nothing here writes to the ledger.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const operator = process.env.DASHBOARD_TOKEN;
const retailer = process.env.DASHBOARD_RETAILER_TOKEN;
const lender = process.env.DASHBOARD_LENDER_TOKEN;
// The offline verifier the build makes (wire/target/provenance-verifier.jar).
const verifierJar = process.env.VERIFIER_JAR ?? new URL('../../../wire/target/provenance-verifier.jar', import.meta.url).pathname;
const ledger = process.env.DASHBOARD_LEDGER;
const withLedger = ledger === 'fabric' || ledger === 'embedded';
// What network/system.sh tells each gateway its ledger is, shown on every page.
const ledgerWords = ledger === 'fabric' ? 'Ledger: Hyperledger Fabric' : 'Ledger: EMBEDDED LEDGER, not Fabric';
const screenshot = (page, name) => page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });

test.skip(!withLedger, 'needs a gateway with a ledger (DASHBOARD_LEDGER=fabric or embedded: network/system.sh e2e)');
test.skip(withLedger && !(retailer && lender), 'DASHBOARD_RETAILER_TOKEN and DASHBOARD_LENDER_TOKEN are needed');

async function json(request, path, token) {
  const response = await request.get(path, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
  return response.json();
}

/**
 * A product robot-001 assembled (the final assembler of the simulated line, never revoked by the
 * other tests) from robot-002's assemblies of the part makers' brackets, active, and not shipped (the
 * ship and recall tests take others), every good of its tree passed: a bracket made just before the
 * dashboard test revoked its robot has no check (the robot's check came after and was refused).
 * Found through the operator API as a user would.
 */
async function assembledProduct(request) {
  let product;
  await expect.poll(async () => {
    const events = await json(request, '/api/production-events?state=COMMITTED&limit=200', operator);
    const checked = new Set(events.filter((event) => event.type === 'QUALITY_CHECK').map((event) => event.goodId));
    for (const event of events) {
      if (event.type === 'ASSEMBLED' && event.robotId === 'robot-001' && checked.has(event.goodId)) {
        const { good } = await json(request, `/api/goods/${event.goodId}`, retailer);
        if (good.status === 'ACTIVE' && !good.pendingTransfer && await everyGoodPassed(request, good)) {
          product = good;
          return true;
        }
      }
    }
    return false;
  }, { message: 'an active, passed product of robot-001 in the read model', timeout: 90_000 })
    .toBe(true);
  return product;
}

/** Whether the good and every part below it have quality checks, all PASS. */
async function everyGoodPassed(request, good) {
  if (good.qualityChecks.length === 0 || !good.qualityChecks.every((check) => check.result === 'PASS')) {
    return false;
  }
  for (const partId of good.partIds) {
    if (!await everyGoodPassed(request, (await json(request, `/api/goods/${partId}`, retailer)).good)) {
      return false;
    }
  }
  return true;
}

/** The goods of a tree: the product, its assemblies and their brackets. */
async function treeSize(request, good) {
  let size = 1;
  for (const partId of good.partIds) {
    size += await treeSize(request, (await json(request, `/api/goods/${partId}`, retailer)).good);
  }
  return size;
}

let product;
let goodsInTree;

test.beforeAll(async ({ request }) => {
  product = await assembledProduct(request);
  goodsInTree = await treeSize(request, product);
});

test('the provenance explorer shows the tree of a good the robots made, and it matches the ledger', async ({ page }) => {
  const cytoscapeFrom = [];
  page.on('request', (request) => {
    if (/cytoscape/i.test(request.url())) {
      cytoscapeFrom.push(request.url());
    }
  });
  await page.goto(`/provenance.html#token=${retailer}`);
  // Every page names the ledger it shows, in the words network/system.sh gave the gateway.
  await expect(page.getByRole('note', { name: 'Ledger' })).toContainText(ledgerWords);
  await page.getByLabel('Good id').fill(product.id);
  await page.getByRole('button', { name: 'Show provenance' }).click();

  const root = page.getByRole('article', { name: `Good ${product.id}` });
  await expect(root).toBeVisible();
  await expect(root).toContainText('product');
  await expect(root).toContainText('robot-001 · simulated-arm-6ax · ACTIVE');
  await expect(root).toContainText('s1 / l1 / station-1');
  await expect(root).toContainText('PASS');
  await expect(root).toContainText('functional by robot-001 (ManufacturerMSP)');
  await expect(root).toContainText('PRODUCED → ManufacturerMSP');
  await expect(page).toHaveURL(new RegExp(`provenance\\.html\\?good=${encodeURIComponent(product.id)}$`));
  for (const partId of product.partIds) {
    const part = page.getByRole('list', { name: `Parts of ${product.id}` }).getByRole('article', { name: `Good ${partId}` });
    await expect(part).toContainText('CONSUMED');
    await expect(part).toContainText('station-2');
    // The simulator inspects every good it makes; only a good that passed is built in.
    await expect(part).toContainText('dimensional by robot-002 (ManufacturerMSP)');
  }
  await expect(page.getByText(/Current to ledger height/)).toBeVisible();
  // The genealogy graph (Cytoscape.js from the gateway itself), the energy over the tree, the timeline.
  await expect(page.getByRole('img', { name: 'Genealogy' }).locator('canvas').first()).toBeVisible();
  expect(cytoscapeFrom).toEqual([new URL('/vendor/cytoscape.min.js', page.url()).href]);
  await expect(page.getByLabel('Energy')).toContainText(`Wh over ${goodsInTree} goods`);
  const timeline = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  await expect(timeline.filter({ hasText: 'assembled (product) by robot-001' })).toHaveCount(1);
  await expect(timeline.filter({ hasText: 'assembled (assembly) by robot-002' })).toHaveCount(product.partIds.length);
  await expect(timeline.filter({ hasText: /made \(bracket\) by robot-00[34]/ })).toHaveCount(goodsInTree - 1 - product.partIds.length);
  await expect(timeline.filter({ hasText: 'check PASS' })).toHaveCount(goodsInTree);
  await expect(page.getByLabel('Where used')).toHaveText(/is not a part of any product/);

  await page.getByRole('button', { name: 'Verify against the ledger' }).click();
  await expect(page.getByRole('status', { name: 'Ledger verification' })).toContainText('Matches the ledger');
  await screenshot(page, 'provenance-explorer');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Download EPCIS/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${product.id.replaceAll(':', '_')}.epcis.jsonld`);
  const epcis = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(epcis.type).toBe('EPCISDocument');
  expect(epcis.epcisBody.eventList.length).toBeGreaterThan(0);
});

test('an operator finds goods in the recent goods list and opens one', async ({ page }) => {
  await page.goto(`/provenance.html#token=${operator}`);
  const recent = page.getByRole('list', { name: 'Recent goods' });
  await expect(recent.getByRole('link').first()).toBeVisible();
  const first = await recent.getByRole('link').first().innerText();
  await recent.getByRole('link', { name: first, exact: true }).click();
  await expect(page.getByLabel('Good id')).toHaveValue(first);
  // The list comes from the journal's committed events, the tree from the read model, which follows
  // the ledger's blocks a moment later: a good made just now may need a reload, as a user would do.
  await expect.poll(async () => {
    if (await page.getByRole('alert').isVisible()) {
      await expect(page.getByRole('alert')).toContainText('may not have reached the read model yet');
      await page.reload();
    }
    return page.getByRole('article', { name: `Good ${first}` }).isVisible();
  }, { timeout: 45_000 }).toBe(true);
});

test('a retailer finds goods by robot and status, pages through them and opens one', async ({ page }) => {
  await page.goto(`/goods.html#token=${retailer}`);
  await expect(page.getByRole('note', { name: 'Ledger' })).toContainText(ledgerWords);
  const search = page.getByRole('form', { name: 'Search goods' });
  await search.getByLabel('Robot').fill('robot-002');
  await search.getByLabel('Status').selectOption('CONSUMED');
  await search.getByLabel('Per page').selectOption('10');
  await search.getByRole('button', { name: 'Search' }).click();

  // robot-002's assemblies are consumed into robot-001's products; each row says so, and where it was made.
  // The page lists recent goods before the search answers, so wait until no row is of another kind.
  const found = page.getByRole('table', { name: 'Goods found' });
  const rows = found.locator('tbody tr');
  for (const text of ['robot-002', 'CONSUMED', 's1 / l1 / station-2']) {
    await expect(rows.filter({ hasNotText: text })).toHaveCount(0);
  }
  await expect.poll(() => rows.count()).toBeGreaterThan(0);
  await expect.poll(() => rows.count()).toBeLessThanOrEqual(10);
  for (const text of ['robot-002', 'CONSUMED', 's1 / l1 / station-2']) {
    await expect(rows.filter({ hasNotText: text })).toHaveCount(0);
  }
  await expect(page).toHaveURL(/goods\.html\?robot=robot-002&status=CONSUMED&limit=10$/);
  await expect(page.getByRole('status', { name: 'Search result' })).toContainText(/^Page 1: \d+ goods?, newest production first/);
  await screenshot(page, 'find-goods');

  // The product, by its robot and kind (pages turn when there are more than ten).
  await search.getByLabel('Robot').fill('robot-001');
  await search.getByLabel('Status').selectOption('');
  await search.getByLabel('Kind').fill(product.production.kind);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(found.getByRole('link', { name: product.id, exact: true })).toBeVisible();
  const next = page.getByRole('button', { name: 'Next page' });
  if (await next.isEnabled()) {
    const first = await found.locator('tbody tr').first().innerText();
    await next.click();
    await expect(page.getByRole('status', { name: 'Search result' })).toContainText('Page 2:');
    await expect(found.locator('tbody tr').first()).not.toHaveText(first);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(page.getByRole('status', { name: 'Search result' })).toContainText('Page 1:');
  }
  await found.getByRole('link', { name: product.id, exact: true }).click();
  await expect(page.getByRole('article', { name: `Good ${product.id}` })).toBeVisible();
});

test('a misspelt time is refused with the gateway\'s reason', async ({ page }) => {
  await page.goto(`/goods.html?producedFrom=yesterday#token=${lender}`);
  await expect(page.getByRole('alert')).toContainText('producedFrom must be an ISO-8601 instant');
  await expect(page.getByRole('alert')).toContainText("'yesterday'");
});

test('the pages a role may see load without a refused call', async ({ page }) => {
  const refused = [];
  page.on('response', (response) => {
    if (response.status() === 401 || response.status() === 403) {
      refused.push(`${response.status()} ${response.url()}`);
    }
  });
  for (const [path, token] of [['/provenance.html', retailer], ['/goods.html', retailer], ['/recall.html', retailer],
    ['/provenance.html', lender], ['/goods.html', lender], ['/lender.html', lender], ['/recall.html', lender]]) {
    await page.goto(`${path}#token=${token}`);
    await expect(page.getByRole('note', { name: 'Ledger' })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  expect(refused).toEqual([]);
});

test('an unknown good is reported as such', async ({ page }) => {
  await page.goto(`/provenance.html?good=no-such-good#token=${retailer}`);
  await expect(page.getByRole('alert')).toContainText('No good "no-such-good" is known');
  await expect(page.getByRole('article')).toHaveCount(0);
  await screenshot(page, 'provenance-unknown-good');
});

test('the lender page shows the collateral verdict with its reasons and what was checked', async ({ page }) => {
  await page.goto(`/lender.html#token=${lender}`);
  await expect(page.getByRole('note', { name: 'Ledger' })).toContainText(ledgerWords);
  await page.getByLabel('Good id').fill(product.id);
  await page.getByRole('button', { name: 'Verify collateral' }).click();

  // Every good of the tree was inspected, and each production names the telemetry window the robot
  // sealed for it, whose batch the gateway anchored before recording the production: nothing against it.
  await expect(page.getByRole('status', { name: 'Verdict' })).toHaveText('ELIGIBLE as collateral');
  await expect(page.getByText('No reason against the good was found.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Reasons' })).toBeHidden();
  const checked = page.locator('#checked');
  await expect(checked.locator('div', { hasText: 'Goods in the tree' }).getByRole('definition'))
    .toHaveText(String(goodsInTree));
  await expect(checked.locator('div', { hasText: 'Quality checks counted' }).getByRole('definition'))
    .toHaveText(String(goodsInTree));
  await expect(checked.locator('div', { hasText: 'Telemetry anchors checked' }).getByRole('definition'))
    .not.toHaveText('0');
  await expect(checked.locator('div', { hasText: 'Walk complete' }).getByRole('definition')).toHaveText('yes');
  await screenshot(page, 'lender-report');

  // The certificate the gateway signs for it: the good's tree, its transactions and blocks, the robots' keys.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download certificate' }).click(),
  ]);
  const certificateFile = `provenance-certificate-${product.id.replaceAll(':', '_')}.json`;
  expect(download.suggestedFilename()).toBe(certificateFile);
  const certificate = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(certificate.format).toBe('robotledger.provenance-certificate.v1');
  expect(certificate.goodId).toBe(product.id);
  expect(certificate.provenance.nodeCount).toBe(goodsInTree);
  expect(certificate.issuer.mspId).toBe('ManufacturerMSP');
  expect(certificate.ledgerRecords.length).toBeGreaterThanOrEqual(goodsInTree);
  expect(certificate.robots.length).toBeGreaterThanOrEqual(1);

  // The page names the command; with the downloaded certificate and the CA file the page links,
  // nothing else, the verifier says VERIFIED.
  await expect(page.getByLabel('Verify command'))
    .toHaveText(`java -jar provenance-verifier.jar ${certificateFile} organisation-cas.pem`);
  const [cas] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'organisation-cas.pem' }).click(),
  ]);
  expect(cas.suggestedFilename()).toBe('organisation-cas.pem');
  const { stdout } = await promisify(execFile)('java', ['-jar', verifierJar, await download.path(), await cas.path()]);
  expect(stdout).toContain('result: VERIFIED');
  expect(stdout).not.toContain('FAILED');
  await screenshot(page, 'lender-certificate');
});

test('the lender page refuses a retailer token and says who may use it', async ({ page }) => {
  await page.goto(`/lender.html?good=${product.id}#token=${retailer}`);
  await expect(page.getByRole('alert')).toContainText('403');
  await expect(page.getByRole('alert')).toContainText('Sign in with a lender or operator token');
});

test('the recall page lists the products that contain a part', async ({ page }) => {
  const part = product.partIds[0];
  await page.goto(`/recall.html#token=${retailer}`);
  await page.getByLabel('Good id').fill(part);
  await page.getByRole('button', { name: 'Find products' }).click();

  await expect(page.getByRole('status', { name: 'Recall impact' }))
    .toHaveText(`A recall of ${part} reaches 1 product: ${product.id} is the outermost.`);
  const row = page.getByRole('table', { name: 'Products containing the part' }).getByRole('row', { name: new RegExp(product.id) });
  await expect(row).toContainText('product');
  await expect(row).toContainText('robot-001 at s1 / l1 / station-1');
  await screenshot(page, 'recall-impact');
});

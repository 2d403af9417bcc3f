// Against a running system (network/system.sh up, or the isolated one `network/system.sh test`
// starts): simulated robots publishing through Mosquitto into the gateway and PostgreSQL, with the
// ledger when DASHBOARD_LEDGER is fabric or embedded (as `network/system.sh e2e` runs it).
import { expect, test } from '@playwright/test';

const token = process.env.DASHBOARD_TOKEN;
if (!token) {
  throw new Error('DASHBOARD_TOKEN must hold an operator token (network/system.sh e2e passes one)');
}
const robots = Number(process.env.SIM_ROBOTS ?? 5);
const screenshot = (page, name) => page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });

function number(text) {
  return Number(text.replace(/,/g, ''));
}

test('shows the simulated robots live, with readings per second above zero', async ({ page }) => {
  const authorised = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) {
      authorised.push(request.headers().authorization);
    }
  });

  await page.goto(`/#token=${token}`);

  await expect(page.getByRole('status', { name: 'Live connection' })).toHaveText('Live');
  // The token left the address bar and went to the tab's storage.
  expect(new URL(page.url()).hash).toBe('');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeHidden();

  const table = page.getByRole('table', { name: 'Robots' });
  await expect(table.getByRole('row')).toHaveCount(robots + 1);
  for (let i = 1; i <= robots; i++) {
    const row = table.getByRole('row', { name: new RegExp(`robot-${String(i).padStart(3, '0')}`) });
    await expect(row.getByRole('cell').nth(0)).toHaveText('ACTIVE');
    await expect(row.getByRole('cell').nth(1)).toHaveText(/s ago|min ago/);
    await expect.poll(async () => number(await row.getByRole('cell').nth(3).innerText())).toBeGreaterThan(0);
  }

  const readingsRate = page.getByLabel('Readings per second');
  await expect.poll(async () => number(await readingsRate.innerText())).toBeGreaterThan(0);
  await expect.poll(async () => number(await page.getByLabel('Anchor batches sealed').innerText()))
    .toBeGreaterThan(0);
  if (process.env.DASHBOARD_LEDGER === 'fabric' || process.env.DASHBOARD_LEDGER === 'embedded') {
    // The ledger takes the anchors (network/system.sh e2e).
    await expect.poll(async () => number(await page.getByLabel('Anchor batches anchored').innerText()))
      .toBeGreaterThan(0);
    await expect(page.getByText('No ledger is connected')).toBeHidden();
  } else {
    // No ledger: sealed batches are shown as pending submission, none as anchored.
    await expect(page.getByLabel('Anchor batches anchored')).toHaveText('0');
    await expect(page.getByText('No ledger is connected')).toBeVisible();
  }

  await screenshot(page, 'factory-view-live');
  expect(authorised.length).toBeGreaterThan(0);
  expect(authorised.every((header) => header === `Bearer ${token}`)).toBe(true);
});

test('a token the gateway does not know is refused and the page asks to sign in again', async ({ page }) => {
  await page.goto('/#token=not-a-token-the-gateway-issued');

  const problem = page.getByRole('alert');
  await expect(problem).toContainText('The gateway refused the access token');
  await expect(problem).toContainText('401');
  await expect(page.getByRole('table', { name: 'Robots' }).getByRole('row', { name: /robot-001/ })).toHaveCount(0);
  await screenshot(page, 'token-refused');
});

test('revoking a robot in the dashboard makes its messages show as rejected, reason revoked', async ({ page }) => {
  const victim = `robot-${String(robots).padStart(3, '0')}`;
  await page.goto('/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status', { name: 'Live connection' })).toHaveText('Live');

  const row = page.getByRole('table', { name: 'Robots' }).getByRole('row', { name: new RegExp(victim) });
  await expect(row.getByRole('cell').nth(0)).toHaveText('ACTIVE');
  await row.getByRole('button', { name: `Revoke ${victim}` }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke ${victim}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Revoke' }).click();

  await expect(row.getByRole('cell').nth(0)).toHaveText('REVOKED');
  await expect(row.getByRole('button', { name: `Revoke ${victim}` })).toBeHidden();
  await expect(page.getByRole('list', { name: 'Robot changes' })).toContainText(`${victim} revoked`);

  const deadLetter = page.getByRole('table', { name: 'Recent dead letters' })
    .getByRole('row').filter({ hasText: 'REVOKED_ROBOT' }).filter({ hasText: victim }).first();
  await expect(deadLetter).toBeVisible();
  await expect(deadLetter).toContainText(`robot ${victim} is revoked`);
  await expect.poll(async () => number(await row.getByRole('cell').nth(4).innerText())).toBeGreaterThan(0);
  const revokedReason = page.getByRole('table', { name: 'Rejects by reason' })
    .getByRole('row', { name: /REVOKED_ROBOT/ });
  await expect.poll(async () => number(await revokedReason.getByRole('cell').nth(1).innerText()))
    .toBeGreaterThan(0);

  await screenshot(page, 'robot-revoked');
});

// Signing in with a link `network/system.sh up` prints: a one-time code in the address's fragment,
// exchanged for a session at POST /api/sign-in; signing out ends that session on the gateway.
import { expect, test } from '@playwright/test';

const code = process.env.DASHBOARD_RETAILER_SIGN_IN_CODE;
const retailer = process.env.DASHBOARD_RETAILER_TOKEN;
const screenshot = (page, name) => page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });

test.skip(!code, 'DASHBOARD_RETAILER_SIGN_IN_CODE is needed (network/system.sh e2e mints one)');

test('a sign-in link signs the browser in once, and signing out ends the session', async ({ page, request }) => {
  const refused = [];
  page.on('response', (response) => {
    if (response.status() === 401 || response.status() === 403) {
      refused.push(`${response.status()} ${response.url()}`);
    }
  });
  await page.goto(`/goods.html#code=${code}`);

  await expect(page.getByText('Signed in as retailer')).toBeVisible();
  // The code left the address at once; the tab holds a session token of its own, not the role's token.
  expect(new URL(page.url()).hash).toBe('');
  await expect(page.getByRole('note', { name: 'Ledger' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Search result' })).toContainText(/Page 1|No good matches/);
  const session = await page.evaluate(() => sessionStorage.getItem('robotledger.token'));
  expect(session).toMatch(/^[0-9a-f]{64}$/);
  expect(session).not.toBe(retailer);
  expect(refused).toEqual([]);
  await screenshot(page, 'signed-in-by-link');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  const afterSignOut = await request.get('/api/ledger', { headers: { Authorization: `Bearer ${session}` } });
  expect(afterSignOut.status()).toBe(401);

  // The same code again signs nobody in (on another page: a new fragment alone would not reload this one).
  await page.goto(`/provenance.html#code=${code}`);
  await expect(page.getByRole('alert')).toContainText('This sign-in link did not sign you in');
  await expect(page.getByRole('alert')).toContainText('already used or expired');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
});

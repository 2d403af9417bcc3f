// What the browser tests that act on a system with a ledger share: its tokens, which ledger it
// has (network/system.sh e2e says), a screenshot in screenshots/, and an API call as a role.
import { expect } from '@playwright/test';

export const operator = process.env.DASHBOARD_TOKEN;
export const retailer = process.env.DASHBOARD_RETAILER_TOKEN;
export const ledger = process.env.DASHBOARD_LEDGER;
export const withLedger = ledger === 'fabric' || ledger === 'embedded';
export const screenshot = (page, name) => page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });

/** The JSON answer of an API call with `token`, which must succeed. */
export async function json(request, path, token, options = {}) {
  const response = await request.fetch(path, { ...options, headers: { Authorization: `Bearer ${token}` } });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { money, sats, valueMinor } from '../public/js/loan-view.js';

test('values satoshis at a price per BTC in minor units, rounded to the nearest one', () => {
  // 0.001 BTC at 65,130.00 USD per BTC: 65.13 USD.
  assert.equal(valueMinor(100_000, 6_513_000), 6_513);
  assert.equal(valueMinor(1, 5_000_000), 0);
  assert.equal(valueMinor(50_000_000, 5_000_000), 2_500_000);
});

test('writes amounts the way the loan cards show them', () => {
  assert.equal(sats(1_010_000), '1,010,000 sats');
  assert.equal(money(6_513, 'USD'), '65.13 USD');
  assert.equal(money(79_990_001, 'USD'), '799,900.01 USD');
});

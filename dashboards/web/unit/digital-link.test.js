// node --test unit/: a product's Digital Link and what its public page lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digitalLinkOf, digitalLinkPath, publicFacts, recallText } from '../public/js/digital-link.js';

test('a Digital Link keeps a serial\'s safe characters and percent-encodes the others, as the gateway does', () => {
  assert.equal(digitalLinkPath('09506000134352', 'robot-001.17'), '/01/09506000134352/21/robot-001.17');
  assert.equal(digitalLinkPath('09506000134352', 'a/b c%'), '/01/09506000134352/21/a%2Fb%20c%25');
  assert.equal(digitalLinkOf({ production: { gtin: '09506000134352', serial: 'x_1' } }, 'http://gw:8080'),
    'http://gw:8080/01/09506000134352/21/x_1');
  assert.equal(digitalLinkOf({ production: {} }, 'http://gw:8080'), null, 'a good without GS1 keys has none');
});

const everything = {
  gtin: '09506000134352', serial: 'robot-001.17', kind: 'assembly', manufacturer: 'ManufacturerMSP', recalled: false,
  robotId: 'robot-001', line: 'l1', site: 's1', producedAt: '2026-12-07T08:00:00.123Z', checksPassed: true,
  checks: [{ checkType: 'dimensional', result: 'PASS' }], energyWh: 9.6, goodsInTree: 3,
  ledger: { ledgerHeight: 412, recordedInTxId: '9f2c0123456789abcdef', recordedAt: '2026-12-07T08:00:02Z' },
};

test('the public page lists every disclosed fact', () => {
  const facts = Object.fromEntries(publicFacts(everything));
  assert.equal(facts['Robot and line'], 'robot robot-001 on line l1');
  assert.equal(facts.Made, '2026-12-07 08:00:00 UTC');
  assert.equal(facts['Quality checks'], 'all passed: dimensional PASS');
  assert.equal(facts['Energy used'], '9.6 Wh to make it and its 2 parts');
  assert.match(facts['Verified against the ledger'], /transaction 9f2c0123456789ab… .*ledger height 412$/);
  assert.equal(recallText(everything), null);
});

test('a fact the manufacturer did not disclose is not listed; a recall always is', () => {
  const { robotId, line, energyWh, goodsInTree, ...rest } = everything;
  const labels = publicFacts(rest).map(([label]) => label);
  assert.ok(!labels.includes('Robot and line') && !labels.includes('Energy used'));
  assert.ok(labels.includes('Site'));
  assert.equal(recallText({ ...rest, recalled: true, recall: { reason: 'weld defect', at: '2026-12-08T10:00:00Z' } }),
    'Recalled on 2026-12-08: weld defect');
});

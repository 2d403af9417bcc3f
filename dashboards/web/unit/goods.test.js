// node --test unit/: what the provenance, lender and recall pages work out from the gateway's answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  custodySteps, failureText, firstDifference, formatTime, ledgerComparison, qualitySummary, goodsSearchPath, validGoodId,
} from '../public/js/goods.js';

test('a search asks for the filters given, blank ones left out, and continues after a cursor', () => {
  assert.equal(goodsSearchPath({ robot: ' robot-001 ', site: '', status: 'ACTIVE', colour: 'ignored' }, 25),
    '/api/goods?robot=robot-001&status=ACTIVE&limit=25');
  assert.equal(goodsSearchPath({ serial: 'robot-001.17', gtin: '09506000134352', lot: '' }, 10),
    '/api/goods?gtin=09506000134352&serial=robot-001.17&limit=10');
  assert.equal(goodsSearchPath({ producedFrom: '2026-12-07T08:00:00.000Z' }, 50, 'MTc2:cm9i'),
    '/api/goods?producedFrom=2026-12-07T08%3A00%3A00.000Z&limit=50&after=MTc2%3Acm9i');
  assert.equal(goodsSearchPath({}, 10), '/api/goods?limit=10');
});

test('the first difference of two answers names its path; key order does not matter', () => {
  const tree = { goodId: 'p', nodeCount: 2, tree: { good: { id: 'p', qualityChecks: [{ result: 'PASS' }] }, parts: [] } };
  const reordered = { tree: { parts: [], good: { qualityChecks: [{ result: 'PASS' }], id: 'p' } }, nodeCount: 2, goodId: 'p' };
  assert.equal(firstDifference(tree, reordered), null);
  assert.equal(firstDifference(tree, { ...tree, nodeCount: 3 }), '$.nodeCount');
  const failed = structuredClone(tree);
  failed.tree.good.qualityChecks[0].result = 'FAIL';
  assert.equal(firstDifference(tree, failed), '$.tree.good.qualityChecks[0].result');
  const more = structuredClone(tree);
  more.tree.good.qualityChecks.push({ result: 'PASS' });
  assert.equal(firstDifference(tree, more), '$.tree.good.qualityChecks.length');
  assert.equal(firstDifference({ a: null }, { a: {} }), '$.a');
  assert.equal(firstDifference([], {}), '$');
});

test('the ledger comparison matches equal trees and explains a read model behind the peer', () => {
  const provenance = { goodId: 'p', nodeCount: 3, depth: 1, tree: { good: { id: 'p' } } };
  const readModel = { source: 'read-model', ledgerHeight: 40, provenance };
  const same = ledgerComparison(readModel, { source: 'ledger', ledgerHeight: 41, provenance: structuredClone(provenance) });
  assert.equal(same.matches, true);
  assert.match(same.text, /^Matches the ledger: .*height 41.*3 goods.*height 40/);

  const changed = { ...provenance, nodeCount: 4 };
  const behind = ledgerComparison(readModel, { source: 'ledger', ledgerHeight: 45, provenance: changed });
  assert.equal(behind.matches, false);
  assert.match(behind.text, /differs from the read model's at \$\.nodeCount/);
  assert.match(behind.text, /may not have followed the newest blocks/);
  const level = ledgerComparison(readModel, { source: 'ledger', ledgerHeight: 40, provenance: changed });
  assert.match(level.text, /disagrees with the ledger/);
});

test('quality: the latest check of each type decides, none is said plainly', () => {
  const check = (checkType, result) => ({ checkType, result });
  assert.deepEqual(qualitySummary({ qualityChecks: [] }), { state: 'none', text: 'no quality check recorded' });
  assert.deepEqual(qualitySummary({ qualityChecks: [check('dimensional', 'FAIL'), check('dimensional', 'PASS')] }),
    { state: 'pass', text: '2 checks, latest of each type passed' });
  assert.deepEqual(qualitySummary({ qualityChecks: [check('dimensional', 'PASS'), check('weld', 'FAIL')] }),
    { state: 'fail', text: '2 checks, failed: weld' });
});

test('custody steps read as a chain of organisations', () => {
  const steps = custodySteps({ custodyHistory: [
    { action: 'PRODUCED', toOrg: 'ManufacturerMSP', atEpochMillis: 0, txId: 't1' },
    { action: 'PROPOSED', fromOrg: 'ManufacturerMSP', toOrg: 'RetailerMSP', atEpochMillis: 1000, txId: 't2' },
  ] });
  assert.deepEqual(steps.map((step) => step.text), ['PRODUCED → ManufacturerMSP', 'PROPOSED ManufacturerMSP → RetailerMSP']);
  assert.equal(formatTime(1000), '1970-01-01 00:00:01 UTC');
  assert.equal(formatTime(null), '–');
});

test('failures say what happened: unknown good, no ledger, anything else with its status', () => {
  assert.match(failureText({ status: 404, detail: 'good x is not on the ledger' }, 'x', 'loading x'),
    /^No good "x" is known: good x is not on the ledger/);
  assert.match(failureText({ status: 503, detail: 'Ledger unavailable' }, 'x', 'verifying x'),
    /^The ledger is not available while verifying x: Ledger unavailable\. .*network\/system\.sh up starts one/);
  assert.equal(failureText({ status: undefined, detail: 'Failed to fetch' }, 'x', 'loading x'),
    'Failed while loading x: Failed to fetch.');
  assert.ok(validGoodId('robot-001-a2'));
  assert.ok(validGoodId('urn:epc:id:sgtin:0614141.107346.2017'));
  assert.ok(!validGoodId('with space'));
  assert.ok(!validGoodId(''));
  assert.ok(!validGoodId('x'.repeat(129)));
});

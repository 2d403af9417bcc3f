// node --test unit/: a good's telemetry chart and a reading's checked proof.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { telemetrySeries, telemetrySummary, verificationText } from '../public/js/telemetry.js';

const view = {
  robotId: 'robot-001', from: '2026-12-07T07:59:00Z', to: '2026-12-07T08:01:00Z', producedAt: '2026-12-07T08:00:00Z',
  truncated: false,
  readings: [
    { readingSeq: 7, timestamp: 1000, sensors: { torque: 10, temp: 40.5 }, anchored: true },
    { readingSeq: 8, timestamp: 1001, sensors: { torque: 11 }, anchored: false },
  ],
};

test('one series per sensor in name order, each point naming its reading', () => {
  const series = telemetrySeries(view);
  assert.deepEqual(series.map((s) => s.sensor), ['temp', 'torque']);
  assert.deepEqual(series[1].points, [{ x: 1000, y: 10, readingSeq: 7, anchored: true },
    { x: 1001, y: 11, readingSeq: 8, anchored: false }]);
  assert.match(telemetrySummary(view), /^2 readings of robot-001 .*1 in batches anchored on the ledger\. Click/);
  assert.match(telemetrySummary({ ...view, readings: [] }), /^No reading of robot-001/);
});

test('a checked proof is VERIFIED only when every check passed and its batch is anchored', () => {
  const checks = [{ label: 'window signature', outcome: 'PASSED', detail: 'the key signed window robot-001/5' }];
  const anchored = verificationText({ robotId: 'robot-001', readingSeq: 7, valid: true, anchored: true, checks });
  assert.equal(anchored.verified, true);
  assert.match(anchored.lines[0], /proof VERIFIED, anchored on the ledger$/);
  assert.equal(anchored.lines[1], 'window signature: PASSED - the key signed window robot-001/5');
  assert.equal(verificationText({ robotId: 'r', readingSeq: 7, valid: true, anchored: false, checks }).verified, false);
  assert.match(verificationText({ robotId: 'r', readingSeq: 7, valid: false, anchored: true, checks }).lines[0], /FAILED$/);
});

// A good's telemetry chart: the robot's readings around the good's production (GET
// /api/goods/{id}/telemetry) as chart series, and a reading's checked proof in words. Pure
// functions, tested with node --test (unit/telemetry.test.js).

/**
 * One series per sensor, in name order, each point {x: measured at (epoch ms), y: value,
 * readingSeq, anchored}: a point names the reading whose proof it opens.
 */
export function telemetrySeries(view) {
  const series = new Map();
  for (const reading of view.readings) {
    for (const [sensor, value] of Object.entries(reading.sensors)) {
      if (!series.has(sensor)) {
        series.set(sensor, []);
      }
      series.get(sensor).push({ x: reading.timestamp, y: value, readingSeq: reading.readingSeq,
        anchored: reading.anchored });
    }
  }
  return [...series.keys()].sort().map((sensor) => ({ sensor, points: series.get(sensor) }));
}

/** What the chart's note says: how many readings, from when to when, how many anchored. */
export function telemetrySummary(view) {
  const count = view.readings.length;
  if (count === 0) {
    return `No reading of ${view.robotId} between ${view.from} and ${view.to} is in this gateway's journal.`;
  }
  const anchored = view.readings.filter((reading) => reading.anchored).length;
  return `${count} readings of ${view.robotId} from ${view.from} to ${view.to} (produced ${view.producedAt}); `
    + `${anchored} in batches anchored on the ledger${view.truncated ? '; cut at the first 2000' : ''}. `
    + 'Click a point for its proof.';
}

/** A checked proof (GET /api/readings/{robot}/{seq}/verification) in words: {verified, lines}. */
export function verificationText(verification) {
  const verified = verification.valid && verification.anchored;
  const headline = verified
    ? `Reading ${verification.readingSeq} of ${verification.robotId}: proof VERIFIED, anchored on the ledger`
    : verification.valid
      ? `Reading ${verification.readingSeq} of ${verification.robotId}: proof valid, its batch not yet anchored`
      : `Reading ${verification.readingSeq} of ${verification.robotId}: proof FAILED`;
  return { verified, lines: [headline, ...verification.checks.map((check) => `${check.label}: ${check.outcome} - ${check.detail}`)] };
}

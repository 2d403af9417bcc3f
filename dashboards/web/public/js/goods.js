// What the provenance, lender and recall pages work out from the gateway's answers, apart from the
// page (no DOM here, so node --test checks it on its own).

/** Good ids are the chaincode's: 1..128 visible ASCII characters. */
export function validGoodId(text) {
  return /^[!-~]{1,128}$/.test(text);
}

/** The filters of GET /api/goods, in the order the search form shows them. */
export const GOODS_FILTERS = ['gtin', 'serial', 'lot', 'robot', 'site', 'line', 'station', 'kind', 'status', 'custodian',
  'producedFrom', 'producedBefore'];

/**
 * The GET /api/goods path for a search: the filters given (blank ones left out), `limit`, and
 * `after` (a page's nextCursor) when continuing. Anything else in `filters` is left out.
 */
export function goodsSearchPath(filters, limit, after) {
  const query = new URLSearchParams();
  for (const name of GOODS_FILTERS) {
    const value = (filters[name] ?? '').trim();
    if (value !== '') {
      query.set(name, value);
    }
  }
  query.set('limit', String(limit));
  if (after) {
    query.set('after', after);
  }
  return `/api/goods?${query}`;
}

/**
 * Compares two JSON values; answers the first path where they differ (`$` the root), or null
 * when they are equal. Object key order does not matter, array order does.
 */
export function firstDifference(a, b, path = '$') {
  if (a === b) {
    return null;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null
      || Array.isArray(a) !== Array.isArray(b)) {
    return path;
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) {
      return `${path}.length`;
    }
    for (let i = 0; i < a.length; i++) {
      const difference = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (difference) {
        return difference;
      }
    }
    return null;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const difference = firstDifference(a[key], b[key], `${path}.${key}`);
    if (difference) {
      return difference;
    }
  }
  return null;
}

/**
 * What the page says after asking the peer (`source=ledger`) for the tree the read model gave:
 * {matches, text}. A read model behind the peer may lack the newest blocks, which explains a
 * difference; a read model at the peer's height that differs is a real mismatch.
 */
export function ledgerComparison(readModel, ledger) {
  const difference = firstDifference(readModel.provenance, ledger.provenance);
  if (difference === null) {
    return {
      matches: true,
      text: `Matches the ledger: the peer's GetProvenance answer (ledger height ${ledger.ledgerHeight}) is the same `
        + `tree of ${ledger.provenance.nodeCount} goods as the read model's (height ${readModel.ledgerHeight}).`,
    };
  }
  const behind = ledger.ledgerHeight > readModel.ledgerHeight
    ? ` The read model was at height ${readModel.ledgerHeight} and the peer at ${ledger.ledgerHeight}: `
      + 'it may not have followed the newest blocks yet. Load the good again and verify once more.'
    : ` Both are at ledger height ${ledger.ledgerHeight}, so the read model disagrees with the ledger.`;
  return {
    matches: false,
    text: `Does not match the ledger: the peer's tree differs from the read model's at ${difference}.${behind}`,
  };
}

/** A time from epoch milliseconds, in UTC to the second: the same for every viewer. */
export function formatTime(epochMillis) {
  if (epochMillis === undefined || epochMillis === null) {
    return '–';
  }
  return `${new Date(epochMillis).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A good's custody chain as lines: "PRODUCED → ManufacturerMSP", "PROPOSED ManufacturerMSP → RetailerMSP". */
export function custodySteps(good) {
  return (good.custodyHistory ?? []).map((step) => ({
    text: `${step.action} ${step.fromOrg ? `${step.fromOrg} → ` : '→ '}${step.toOrg}`,
    at: step.atEpochMillis,
    txId: step.txId,
  }));
}

/** One line about a good's quality checks: how many, and whether the latest of each type passed. */
export function qualitySummary(good) {
  const checks = good.qualityChecks ?? [];
  if (checks.length === 0) {
    return { state: 'none', text: 'no quality check recorded' };
  }
  const latestByType = new Map();
  checks.forEach((check) => latestByType.set(check.checkType, check));
  const failed = [...latestByType.values()].filter((check) => check.result !== 'PASS').map((check) => check.checkType);
  const count = `${checks.length} check${checks.length === 1 ? '' : 's'}`;
  return failed.length === 0
    ? { state: 'pass', text: `${count}, latest of each type passed` }
    : { state: 'fail', text: `${count}, failed: ${failed.join(', ')}` };
}

/**
 * The message for a failed call about a good, from the gateway's problem detail: unknown good,
 * no ledger, a refused token, a tree too large. `status` and `detail` are the ApiError's.
 */
export function failureText({ status, detail }, goodId, doing) {
  switch (status) {
    case 404:
      return `No good "${goodId}" is known: ${detail}. Check the id (it is case-sensitive); a good made moments `
        + 'ago may not have reached the read model yet: try again shortly.';
    case 503:
      return `The ledger is not available while ${doing}: ${detail}. `
        + 'This needs a gateway connected to a ledger (network/system.sh up starts one).';
    case 502:
      return `The ledger refused the query while ${doing}: ${detail}.`;
    case 422:
      return `The tree of "${goodId}" is too large to show: ${detail}.`;
    case 400:
      return `The gateway did not accept the request while ${doing}: ${detail}.`;
    default:
      return `Failed while ${doing}${status ? ` (${status})` : ''}: ${detail}.`;
  }
}

/** Every node of a provenance tree (GetProvenance's `tree`), depth first, each with its parent's good id. */
export function treeNodes(tree, parentId = null, into = []) {
  into.push({ node: tree, parentId });
  for (const part of tree.parts ?? []) {
    treeNodes(part, tree.good.id, into);
  }
  return into;
}

/** A good's quality in one word: pass (latest of each check type passed), fail, or none. */
export function qualityState(good) {
  return qualitySummary(good).state;
}

/**
 * The genealogy graph's elements for Cytoscape.js: one node per good (its robot and station, its
 * quality, custodian and status as data the style colours by), one edge from each product to
 * each of its parts (so that a tree layout puts the product on top).
 */
export function genealogyElements(tree) {
  const elements = [];
  for (const { node, parentId } of treeNodes(tree)) {
    const { good, robot } = node;
    const production = good.production;
    elements.push({ group: 'nodes', data: {
      id: good.id,
      label: `${good.id}\n${robot?.id ?? production.robotId} · ${production.station}`,
      quality: qualityState(good),
      custodian: good.custodianOrg,
      status: good.status,
      root: parentId === null ? 'yes' : 'no',
    } });
    if (parentId !== null) {
      elements.push({ group: 'edges', data: { id: `${parentId}->${good.id}`, source: parentId, target: good.id } });
    }
  }
  return elements;
}

/** The energy used to make the good and all its parts (Wh), and how many goods reported none. */
export function energyOfTree(tree) {
  let totalWh = 0;
  let goods = 0;
  let unreported = 0;
  for (const { node } of treeNodes(tree)) {
    goods += 1;
    const energy = node.good.production.energyWh;
    if (typeof energy === 'number' && Number.isFinite(energy)) {
      totalWh += energy;
    } else {
      unreported += 1;
    }
  }
  return { totalWh, ownWh: tree.good.production.energyWh ?? 0, goods, unreported };
}

/**
 * The events of every good in the tree, oldest first: production (or assembly), quality checks,
 * custody steps after the production, the recall. Each {at, goodId, text, txId}.
 */
export function treeTimeline(tree) {
  const events = [];
  for (const { node } of treeNodes(tree)) {
    const { good } = node;
    const production = good.production;
    events.push({ at: production.producedAtEpochMillis, goodId: good.id, txId: production.recordedInTxId,
      text: `${good.partIds?.length ? 'assembled' : 'made'} (${production.kind}) by ${production.robotId} at `
        + `${production.site} / ${production.line} / ${production.station}` });
    for (const check of good.qualityChecks ?? []) {
      events.push({ at: check.checkedAtEpochMillis, goodId: good.id, txId: check.txId,
        text: `${check.checkType} check ${check.result} by ${check.inspector} (${check.byOrg})` });
    }
    for (const step of custodySteps(good).slice(1)) {
      events.push({ at: step.at, goodId: good.id, txId: step.txId, text: `custody ${step.text}` });
    }
    if (good.recall) {
      events.push({ at: good.recall.atEpochMillis, goodId: good.id, txId: null,
        text: `recalled${good.recall.downstream ? ' (a part of it was)' : ''}: ${good.recall.reason}` });
    }
  }
  return events.sort((a, b) => a.at - b.at || a.goodId.localeCompare(b.goodId));
}

// A product's GS1 Digital Link and what its public page shows: pure functions, tested with
// node --test (unit/digital-link.test.js).

/**
 * The Digital Link path of a GTIN and serial, /01/{gtin}/21/{serial}: letters, digits, '-', '.'
 * and '_' as they are, every other character of the serial percent-encoded (as the gateway's
 * Sgtin.digitalLinkPath() writes it).
 */
export function digitalLinkPath(gtin, serial) {
  const encoded = [...serial].map((c) => (/[A-Za-z0-9._-]/.test(c) ? c
    : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return `/01/${gtin}/21/${encoded}`;
}

/** The Digital Link of a good as its manufacturer's gateway at `origin` serves it, or null without GS1 keys. */
export function digitalLinkOf(good, origin) {
  const { gtin, serial } = good.production ?? {};
  return gtin && serial ? `${origin}${digitalLinkPath(gtin, serial)}` : null;
}

const wh = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/**
 * The facts of a public page, [label, text] each, in the order shown; only those the
 * manufacturer disclosed are in the answer, so only those are listed.
 */
export function publicFacts(page) {
  const facts = [['Product', `${page.kind} · GTIN ${page.gtin} · serial ${page.serial}`],
    ['Made by', page.manufacturer]];
  if (page.robotId !== undefined) {
    facts.push(['Robot and line', `robot ${page.robotId} on line ${page.line}`]);
  }
  if (page.site !== undefined) {
    facts.push(['Site', page.site]);
  }
  if (page.producedAt !== undefined) {
    facts.push(['Made', `${page.producedAt.slice(0, 19).replace('T', ' ')} UTC`]);
  }
  if (page.checksPassed !== undefined) {
    facts.push(['Quality checks', page.checks.length === 0 ? 'none recorded'
      : `${page.checksPassed ? 'all passed' : 'not all passed'}: ${page.checks
        .map((check) => `${check.checkType} ${check.result}`).join(', ')}`]);
  }
  if (page.energyWh !== undefined) {
    facts.push(['Energy used', `${wh.format(page.energyWh)} Wh to make it and its ${page.goodsInTree - 1} parts`]);
  }
  if (page.ledger !== undefined) {
    facts.push(['Verified against the ledger', `recorded in transaction ${page.ledger.recordedInTxId.slice(0, 16)}… `
      + `(${page.ledger.recordedAt.slice(0, 19).replace('T', ' ')} UTC); this page reflects ledger height `
      + `${page.ledger.ledgerHeight}`]);
  }
  return facts;
}

/** The recall line: null when the product is not recalled. */
export function recallText(page) {
  if (!page.recalled) {
    return null;
  }
  return page.recall ? `Recalled on ${page.recall.at.slice(0, 10)}: ${page.recall.reason}` : 'Recalled';
}

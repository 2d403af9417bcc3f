// What a page says about the ledger behind it, from GET /api/ledger.

/** Words for GET /api/ledger's answer: what the operator said the ledger is, and where it is. */
export function describeLedger(ledger) {
  if (!ledger.configured) {
    return 'Ledger: none configured. Nothing reaches a ledger; anchor batches wait in the journal.';
  }
  const where = `${ledger.mspId} on channel ${ledger.channel}, chaincode ${ledger.chaincode}, peer ${ledger.peerEndpoint}`;
  return ledger.description ? `Ledger: ${ledger.description} (${where})` : `Ledger: ${where}`;
}

package dev.robotledger.gateway.bitcoin;

/** Where anchors are recorded: the channel itself. */
public interface BitcoinAnchorLedger {

    /**
     * Records the anchor; a retry under the same event id is answered with the first recording.
     *
     * @return the transaction that recorded it
     * @throws dev.robotledger.gateway.ledger.LedgerException when it was not recorded, e.g. refused
     *         with {@code BITCOIN_ANCHOR_ALREADY_RECORDED}
     */
    String record(String eventId, BitcoinAnchorRequest request);
}

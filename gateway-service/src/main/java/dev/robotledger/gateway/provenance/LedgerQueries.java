package dev.robotledger.gateway.provenance;

import tools.jackson.databind.JsonNode;

/**
 * Queries answered by the ledger's peer instead of the read model: the ledger-verified answers a
 * retailer or lender may ask for, and the chaincode's own collateral verification. Blocking: call
 * it off the event loop.
 */
public interface LedgerQueries {

    /** A query's answer and the peer's ledger height when it was asked. */
    record LedgerAnswer(long ledgerHeight, JsonNode value) {}

    /** The chaincode's {@code GetProvenance} answer. */
    LedgerAnswer provenance(String goodId, int maxDepth, int maxNodes);

    /** The chaincode's {@code VerifyCollateral} report of a good. */
    LedgerAnswer collateralReport(String goodId);
}

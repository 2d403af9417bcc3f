package dev.robotledger.chaincode.collateral;

/**
 * What a PledgeGood's idempotency record digests: the public request and the hash of the
 * private terms, so that the same event id sent again with other terms is refused, not replayed.
 */
public record PledgeSubmission(PledgeRequest request, String termsSha256) {}

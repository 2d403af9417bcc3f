package dev.robotledger.chaincode.collateral;

/**
 * What an OfferLoan's idempotency record digests: the public request and the hash of the private
 * terms, so that the same event id sent again with other terms is refused, not replayed.
 */
public record OfferSubmission(LoanOfferRequest request, String termsSha256) {}

package dev.robotledger.gateway.collateral;

import tools.jackson.databind.JsonNode;

/**
 * The chaincode's collateral transactions as this organisation's gateway sends them: every write
 * is submitted as the gateway's own org and waited for until it commits; every read is evaluated
 * on the peer. Answers are the chaincode's JSON. Blocking: call off the event loop.
 *
 * <p>Failures: a {@link dev.robotledger.gateway.ledger.LedgerException}, e.g.
 * {@code ChaincodeRefusedException} with the contract's error code when the chaincode refused.
 */
public interface CollateralLedger {

    /** A write that committed: the transaction, its block, and the chaincode's answer (the written entity). */
    record Written(String transactionId, long blockNumber, JsonNode result) {}

    /** The MSP id the gateway signs as. */
    String mspId();

    JsonNode verifyCollateral(String goodId);

    Written offerLoan(
            String eventId, PledgeRequest pledge, String borrowerOrg, long expiresAtEpochMillis, LoanTerms terms);

    Written withdrawOffer(String eventId, String loanId, String reason);

    /** Pledges as the gateway's org; endorsed by its own and the lender's peers. */
    Written pledge(String eventId, PledgeRequest pledge, LoanTerms terms);

    /** The writes on an active lien, each endorsed by the lien's borrower and lender. */
    Written checkMargin(String eventId, JsonNode lien);

    /** The lender's record of the Lightning payment that paid the principal out. */
    Written recordDisbursement(
            String eventId, JsonNode lien, String paymentHash, long amountSats, long paidAtEpochMillis);

    Written releaseWithPreimage(String eventId, JsonNode lien, String preimageHex);

    Written releaseByLender(String eventId, JsonNode lien, String reason);

    Written liquidate(String eventId, JsonNode lien);

    Written recordBtcPrice(String eventId, BtcPrice price);

    JsonNode lien(String loanId);

    JsonNode loanOffer(String loanId);

    JsonNode evaluateLoan(String loanId);

    JsonNode loansByLender(String mspId);

    JsonNode loansByBorrower(String mspId);

    JsonNode loanOffersToBorrower(String mspId);

    JsonNode loanTerms(String loanId);
}

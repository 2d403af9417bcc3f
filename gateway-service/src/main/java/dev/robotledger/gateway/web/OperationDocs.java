package dev.robotledger.gateway.web;

import java.util.Map;
import java.util.Optional;

/**
 * The summary, description and an example answer of the operations whose controllers carry no
 * {@code @Operation} of their own, by {@code METHOD path} as the OpenAPI document names them.
 * {@link ApiDocumentation} applies them; {@code OpenApiDocumentIT} fails when an operation has
 * neither these nor its own.
 */
final class OperationDocs {

    /** What the document says of one operation; {@code example} is a JSON answer of the success status. */
    record Doc(String summary, String description, String example) {}

    private static final String GOOD = "{\"id\": \"robot-001-a2\", \"production\": {\"kind\": \"assembly\","
            + " \"producerOrg\": \"ManufacturerMSP\", \"robotId\": \"robot-001\", \"site\": \"s1\", \"line\": \"l1\","
            + " \"station\": \"station-1\", \"producedAtEpochMillis\": 1765094400000, \"energyWh\": 3.2},"
            + " \"partIds\": [\"robot-001-g0\", \"robot-001-g1\"], \"custodianOrg\": \"ManufacturerMSP\", \"status\": \"ACTIVE\","
            + " \"qualityChecks\": [{\"checkType\": \"dimensional\", \"result\": \"PASS\"}]}";

    private static final Map<String, Doc> DOCS = Map.ofEntries(
            Map.entry(
                    "POST /api/robots",
                    new Doc(
                            "Register a robot's key",
                            "Records the robot's P-256 public key (PEM or base64 DER) with its model, site, line and station on the"
                                    + " ledger (RegisterRobot); its signed messages are accepted from then on. The same key again is a"
                                    + " no-op; another key for a registered id is 409.",
                            "{\"robotId\": \"robot-001\", \"publicKey\": \"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...\","
                                    + " \"status\": \"ACTIVE\", \"registeredAt\": \"2026-12-07T08:00:00Z\"}")),
            Map.entry(
                    "POST /api/robots/{robotId}/revoke",
                    new Doc(
                            "Revoke a robot",
                            "Revokes the robot's key on the ledger (RevokeRobot): its messages are refused from then on."
                                    + " Revocation cannot be undone.",
                            "{\"robotId\": \"robot-003\", \"publicKey\": \"MFkwEwYH...\", \"status\": \"REVOKED\","
                                    + " \"registeredAt\": \"2026-12-07T08:00:00Z\"}")),
            Map.entry(
                    "GET /api/robots",
                    new Doc(
                            "List the robots",
                            "Every registered robot with its status and its traffic from the journal: last seen, last sequence"
                                    + " number, envelopes and readings accepted, rejected messages by reason.",
                            "[{\"robotId\": \"robot-001\", \"status\": \"ACTIVE\", \"lastSeq\": 4211, \"lastSeen\":"
                                    + " \"2026-12-07T09:00:00Z\", \"envelopesAccepted\": 4211, \"readingsAccepted\": 421100,"
                                    + " \"rejected\": 0, \"rejectedByReason\": {}}]")),
            Map.entry(
                    "GET /api/robots/{robotId}",
                    new Doc(
                            "One robot",
                            "The robot's registration, status and traffic, as in the list; 404 for an unknown id.",
                            "{\"robotId\": \"robot-001\", \"status\": \"ACTIVE\", \"lastSeq\": 4211, \"rejected\": 0}")),
            Map.entry(
                    "GET /api/events",
                    new Doc(
                            "Live operator events (Server-Sent Events)",
                            "An endless text/event-stream: an 'ingestion' snapshot every second (readings/s, envelopes/s,"
                                    + " rejects, anchor batches), 'robot' when a robot is registered or revoked, 'rejected' for each"
                                    + " refused message. A slow client loses its oldest events.",
                            "{\"event\": \"ingestion\", \"data\": {\"readingsPerSecond\": 100.0, \"envelopesPerSecond\": 10.0}}")),
            Map.entry(
                    "GET /api/dead-letters",
                    new Doc(
                            "Rejected messages",
                            "Messages the gateway refused, newest first, with the reason (bad signature, sequence replay,"
                                    + " malformed, unknown or revoked robot, ...), optionally of one reason; limit 1..1000.",
                            "[{\"id\": 17, \"reason\": \"BAD_SIGNATURE\", \"detail\": \"the signature does not verify\","
                                    + " \"topic\": \"factory/s1/l1/robot-002/telemetry\", \"robotId\": \"robot-002\", \"seq\": 88,"
                                    + " \"bodySize\": 812, \"receivedAt\": \"2026-12-07T09:00:00Z\"}]")),
            Map.entry(
                    "GET /api/ingestion/status",
                    new Doc(
                            "Ingestion status",
                            "Counts from the journal: envelopes, readings, dead letters, readings waiting for a batch, anchor"
                                    + " batches, production events pending, committed and refused, the last sequence number per robot"
                                    + " and any sequence gaps.",
                            "{\"envelopes\": 52000, \"readings\": 5100000, \"deadLetters\": 3, \"pendingReadings\": 240,"
                                    + " \"anchorBatches\": 510, \"productionEvents\": {\"pending\": 0, \"committed\": 812, \"refused\": 1},"
                                    + " \"robots\": [{\"robotId\": \"robot-001\", \"lastSeq\": 4211}], \"gaps\": []}")),
            Map.entry(
                    "GET /api/production-events",
                    new Doc(
                            "Production events and their ledger state",
                            "Production events (parts made, assemblies, quality checks) newest first, optionally of one state"
                                    + " (PENDING, COMMITTED, REFUSED): the good each names, and its transaction and block when committed,"
                                    + " or who refused it (GATEWAY or LEDGER) with the code and message.",
                            "[{\"envelopeId\": 9921, \"robotId\": \"robot-002\", \"seq\": 4100, \"type\": \"ASSEMBLED\","
                                    + " \"goodId\": \"robot-002-a41\", \"state\": \"REFUSED\", \"refusedBy\": \"LEDGER\","
                                    + " \"errorCode\": \"GOOD_NOT_ACTIVE\", \"errorMessage\": \"cannot consume good robot-002-g39: it is"
                                    + " RECALLED\"}]")),
            Map.entry(
                    "GET /api/readings/{robotId}/{readingSeq}/proof",
                    new Doc(
                            "Inclusion proof of one reading",
                            "The reading, the robot-signed window it is in, the path to the window's root and from it to the"
                                    + " anchor batch's root, and the ledger transaction of the anchor (null until it is on the ledger)."
                                    + " 404 for an unknown reading, 409 while it is not yet in a batch. Check it offline with VerifyProof.",
                            "{\"robotId\": \"robot-001\", \"readingSeq\": 42, \"batch\": {\"batchId\": 7, \"root\": \"935a...\"},"
                                    + " \"anchor\": {\"transactionId\": \"1f0c...\", \"blockNumber\": 118}}")),
            Map.entry(
                    "GET /api/ledger",
                    new Doc(
                            "Which ledger this gateway uses",
                            "As configured: whether a peer is set, the operator's description of the ledger (Fabric, or the"
                                    + " embedded ledger, which is not Fabric), the peer, the organisation, channel and chaincode.",
                            "{\"configured\": true, \"description\": \"Hyperledger Fabric 3.1.5: channel provenance\","
                                    + " \"peerEndpoint\": \"127.0.0.1:7051\", \"mspId\": \"ManufacturerMSP\", \"channel\": \"provenance\","
                                    + " \"chaincode\": \"provenance\"}")),
            Map.entry(
                    "GET /api/goods/{goodId}",
                    new Doc(
                            "A good",
                            "The good as the ledger holds it (production, parts, quality checks, custody chain, recall), from the"
                                    + " read model, with the ledger height it is current to.",
                            "{\"source\": \"read-model\", \"ledgerHeight\": 412, \"good\": " + GOOD + "}")),
            Map.entry(
                    "GET /api/goods/{goodId}/provenance",
                    new Doc(
                            "A good's component tree",
                            "The tree under the good as the chaincode's GetProvenance answers it, from the read model (gzip when"
                                    + " accepted) or, with source=ledger, evaluated on the peer. 422 when it is deeper or larger than"
                                    + " maxDepth / maxNodes.",
                            "{\"source\": \"read-model\", \"ledgerHeight\": 412, \"provenance\": {\"goodId\": \"robot-001-a2\","
                                    + " \"nodeCount\": 3, \"depth\": 1, \"tree\": {\"depth\": 0, \"good\": " + GOOD
                                    + ", \"parts\": []}}}")),
            Map.entry(
                    "GET /api/goods/{goodId}/history",
                    new Doc(
                            "Every version of a good",
                            "The good's versions, oldest first, each with the block, transaction, time and contract function"
                                    + " that wrote it.",
                            "{\"source\": \"read-model\", \"ledgerHeight\": 412, \"versions\": [{\"blockNumber\": 90,"
                                    + " \"transactionId\": \"8c1e...\", \"timestamp\": \"2026-12-07T08:00:00Z\", \"function\":"
                                    + " \"AssembleProduct\", \"good\": " + GOOD + "}]}")),
            Map.entry(
                    "GET /api/goods/{goodId}/where-used",
                    new Doc(
                            "The products a good went into",
                            "Its direct product first, the outermost product last; empty when it is in none.",
                            "{\"source\": \"read-model\", \"ledgerHeight\": 412, \"goodId\": \"robot-001-g0\","
                                    + " \"productIds\": [\"robot-001-a2\"]}")),
            Map.entry(
                    "GET /api/goods/{goodId}/epcis",
                    new Doc(
                            "The good's events as GS1 EPCIS 2.0",
                            "A JSON-LD EPCIS document of the tree: ObjectEvents for production and quality, TransformationEvents"
                                    + " for assembly, TransactionEvents for custody.",
                            "{\"@context\": [\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"], \"type\":"
                                    + " \"EPCISDocument\", \"schemaVersion\": \"2.0\", \"epcisBody\": {\"eventList\": []}}")),
            Map.entry(
                    "GET /api/goods/{goodId}/collateral-report",
                    new Doc(
                            "Collateral verification of a good",
                            "The chaincode's VerifyCollateral, evaluated on the peer: ELIGIBLE or NOT_ELIGIBLE with every reason"
                                    + " (code, good, detail) and what was checked. 503 without a peer.",
                            "{\"source\": \"ledger\", \"ledgerHeight\": 412, \"report\": {\"goodId\": \"robot-001-a2\","
                                    + " \"verdict\": \"ELIGIBLE\", \"reasons\": [], \"custodianOrg\": \"ManufacturerMSP\"}}")),
            Map.entry(
                    "GET /api/goods/{goodId}/certificate",
                    new Doc(
                            "The good's provenance certificate",
                            "A signed, offline-checkable proof bundle: the tree, the transactions and blocks of its events, the"
                                    + " robots' keys, reading proofs under its telemetry anchors, signed with this organisation's"
                                    + " identity. Verify it with java -jar provenance-verifier.jar certificate.json organisation-cas.pem."
                                    + " 409 when something it names cannot be certified from this gateway; 503 without a peer.",
                            "{\"format\": \"robotledger.provenance-certificate.v1\", \"goodId\": \"robot-001-a2\","
                                    + " \"issuer\": {\"mspId\": \"ManufacturerMSP\"}}")),
            Map.entry(
                    "POST /api/lending/offers",
                    new Doc(
                            "Offer a loan against a good",
                            "On a lender organisation's gateway: VerifyCollateral first (409 NOT_ELIGIBLE with its reasons unless"
                                    + " ELIGIBLE), then OfferLoan with the private terms as transient data.",
                            "{\"eventId\": \"offer-loan-7\", \"transactionId\": \"4be1...\", \"blockNumber\": 130,"
                                    + " \"offer\": {\"loanId\": \"loan-7\"}, \"report\": {\"verdict\": \"ELIGIBLE\"}}")),
            Map.entry(
                    "POST /api/lending/offers/{loanId}/withdraw",
                    new Doc(
                            "Withdraw a loan offer",
                            "WithdrawLoanOffer, with the reason recorded on the ledger.",
                            "{\"transactionId\": \"77a0...\", \"blockNumber\": 131}")),
            Map.entry(
                    "GET /api/lending/loans",
                    new Doc(
                            "The lender's loans",
                            "LoansByLender of this organisation, each active loan valued at the latest recorded BTC price: LTV,"
                                    + " margin left, state and the prices where margin call and liquidation start.",
                            "[{\"lien\": {\"loanId\": \"loan-7\", \"goodId\": \"robot-001-a2\", \"status\": \"ACTIVE\"},"
                                    + " \"evaluation\": {\"ltvBps\": 5000, \"state\": \"HEALTHY\"}}]")),
            Map.entry(
                    "GET /api/lending/margin-calls",
                    new Doc(
                            "Loans in margin call or liquidatable",
                            "The lender's loans whose valuation at the latest price is in margin call or liquidatable.",
                            "[{\"lien\": {\"loanId\": \"loan-7\"}, \"evaluation\": {\"state\": \"MARGIN_CALL\"}}]")),
            Map.entry(
                    "POST /api/lending/loans/{loanId}/check-margin",
                    new Doc(
                            "Record a loan's margin state",
                            "CheckMargin at the latest recorded price; flags a move into margin call or liquidatable.",
                            "{\"lien\": {\"loanId\": \"loan-7\"}, \"evaluation\": {\"state\": \"HEALTHY\"}}")),
            Map.entry(
                    "POST /api/lending/loans/{loanId}/release",
                    new Doc(
                            "Release a loan's lien (lender)",
                            "ReleaseByLender, with the reason; endorsed by the borrower's and the lender's peers.",
                            "{\"transactionId\": \"c3d9...\", \"blockNumber\": 140}")),
            Map.entry(
                    "POST /api/lending/loans/{loanId}/liquidate",
                    new Doc(
                            "Liquidate a loan",
                            "Liquidate: only when liquidatable at the latest price; custody of the good moves to the lender.",
                            "{\"transactionId\": \"0b5e...\", \"blockNumber\": 141}")),
            Map.entry(
                    "POST /api/lending/loans/{loanId}/disburse",
                    new Doc(
                            "Pay a loan's principal out over Lightning",
                            "Pays the borrower's invoice ({paymentRequest}) from this gateway's lnd node, only for exactly the"
                                    + " principal and only once per loan (409 ALREADY_DISBURSED, 422 WRONG_AMOUNT), then records"
                                    + " the payment's hash, amount and time on the lien (RecordDisbursement).",
                            "{\"eventId\": \"disbursement-loan-7-5f1c...\", \"transactionId\": \"a41b...\", \"blockNumber\": 142,"
                                    + " \"lien\": {\"loanId\": \"loan-7\", \"disbursement\": {\"paymentHash\": \"5f1c...\","
                                    + " \"amountSats\": 100000}}}")),
            Map.entry(
                    "POST /api/lending/loans/{loanId}/repayment-invoice",
                    new Doc(
                            "Issue a loan's repayment invoice",
                            "A hold invoice on the lien's release hash for the principal and interest the terms owe; the same"
                                    + " invoice again while it is open or paid. The gateway settles it only for exactly that amount.",
                            "{\"paymentHash\": \"9d3e...\", \"paymentRequest\": \"lnbcrt1100u1p...\"}")),
            Map.entry(
                    "POST /api/lending/loans/{loanId}/settle-repayment",
                    new Doc(
                            "Settle a loan's repayment now",
                            "Applies the settlement rule at once (the gateway also does it every few seconds): settles the"
                                    + " repayment invoice when exactly the amount owed is locked in, otherwise says why not.",
                            "{\"outcome\": \"SETTLED\", \"invoiceState\": \"SETTLED\", \"amountPaidSat\": 110000}")),
            Map.entry(
                    "GET /api/loans/{loanId}/payments",
                    new Doc(
                            "A loan's Lightning payments",
                            "The lien's state, its disbursement and repayment as recorded on the ledger, and what this gateway's"
                                    + " lnd node says of each invoice.",
                            "{\"loanId\": \"loan-7\", \"lienStatus\": \"ACTIVE\", \"disbursement\": {\"paymentHash\":"
                                    + " \"5f1c...\", \"invoiceState\": \"SETTLED\"}, \"repayment\": {\"paymentHash\": \"9d3e...\","
                                    + " \"invoiceState\": \"OPEN\", \"amountSat\": 110000}}")),
            Map.entry(
                    "POST /api/borrowing/loans/{loanId}/principal-invoice",
                    new Doc(
                            "Invoice a loan's principal",
                            "On the borrower's gateway: an invoice from its lnd node for exactly the principal, for the lender to"
                                    + " pay out.",
                            "{\"paymentHash\": \"5f1c...\", \"paymentRequest\": \"lnbcrt1m1p...\"}")),
            Map.entry(
                    "POST /api/borrowing/loans/{loanId}/repay",
                    new Doc(
                            "Repay a loan over Lightning",
                            "Pays the lender's repayment invoice ({paymentRequest}), only one on the lien's release hash for the"
                                    + " amount owed; once the lender settles it, releases the lien with the preimage the payment"
                                    + " returned (ReleaseWithPreimage).",
                            "{\"transactionId\": \"e07a...\", \"blockNumber\": 150, \"paymentHash\": \"9d3e...\","
                                    + " \"amountSat\": 110000}")),
            Map.entry(
                    "GET /api/loans/{loanId}/terms",
                    new Doc(
                            "A loan's private terms",
                            "GetLoanTerms from the private data collection: only the loan's borrower's and lender's gateways have"
                                    + " them (403 NOT_LOAN_PARTY elsewhere).",
                            "{\"loanId\": \"loan-7\", \"interestRateBps\": 800, \"termDays\": 90}")),
            Map.entry(
                    "GET /api/borrowing/offers",
                    new Doc(
                            "Loan offers made to this organisation",
                            "On a borrower organisation's gateway: the offers lenders made to it that it can still accept.",
                            "[{\"loanId\": \"loan-7\", \"lenderOrg\": \"LenderMSP\", \"expiresAtEpochMillis\": 1765180800000}]")),
            Map.entry(
                    "POST /api/borrowing/offers/{loanId}/accept",
                    new Doc(
                            "Accept a loan offer",
                            "PledgeGood with exactly the offered request and the terms the lender gave; endorsed by both"
                                    + " organisations. Creates the lien.",
                            "{\"eventId\": \"pledge-loan-7\", \"transactionId\": \"9a77...\", \"blockNumber\": 132,"
                                    + " \"lien\": {\"loanId\": \"loan-7\", \"status\": \"ACTIVE\"}}")),
            Map.entry(
                    "GET /api/borrowing/loans",
                    new Doc(
                            "This organisation's loans as borrower",
                            "LoansByBorrower of this organisation.",
                            "[{\"loanId\": \"loan-7\", \"status\": \"ACTIVE\"}]")),
            Map.entry(
                    "POST /api/borrowing/loans/{loanId}/release",
                    new Doc(
                            "Release a loan's lien with the preimage",
                            "ReleaseWithPreimage: the Lightning payment preimage (64 hex) whose SHA-256 is the lien's release hash.",
                            "{\"transactionId\": \"5e2a...\", \"blockNumber\": 150}")));

    private OperationDocs() {}

    static Optional<Doc> of(String method, String path) {
        return Optional.ofNullable(DOCS.get(method + " " + path));
    }
}

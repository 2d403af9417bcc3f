package dev.robotledger.gateway.collateral.fabric;

import static dev.robotledger.contract.ContractTransaction.GET_LIEN;
import static dev.robotledger.contract.ContractTransaction.GET_LOAN_TERMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.collateral.BtcPrice;
import dev.robotledger.gateway.ledger.CommitFailedException;
import dev.robotledger.gateway.ledger.fabric.LedgerConnection;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.FabricGateways;
import dev.robotledger.gateway.testing.FabricNetwork;
import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.GatewayLoans;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Pledges on the real network, made the way users make them: the manufacturer's robot publishes a
 * signed window, a production naming it and a passed check over MQTT to the manufacturer's
 * gateway, the lender's gateway offers a loan on the good, the manufacturer's gateway accepts by
 * pledging it. What only Fabric shows: the key-level endorsement policy the pledge puts on the good
 * and the lien (the borrower's AND the lender's peers), and the private data collection that keeps
 * the terms on the two parties' peers only. Every outcome is read on the peers with the peer CLI.
 */
@FabricTest
class PledgedGoodFabricIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static FabricNetwork fabric;
    private static InProcessGateway manufacturer;
    private static InProcessGateway lender;
    private static Publisher publisher;
    private static final TestRobot press = new TestRobot("fab-press-" + RUN);

    /** A good pledged through the gateways: its loan, the preimage that releases it and the terms' legal name. */
    record Pledge(String goodId, String loanId, String preimageHex, String legalName) {}

    @BeforeAll
    static void gatewaysOfTheManufacturerAndTheLenderAndAFreshPrice() throws Exception {
        fabric = FabricNetwork.network();
        manufacturer = FabricGateways.start(INFRA, "manufacturer");
        lender = FabricGateways.start(INFRA, "lender", "gateway.mqtt.enabled=false");
        publisher = new Publisher(INFRA.broker().uri(), "robots-" + RUN);
        manufacturer.register(press);
        // The pledge values the good at the latest recorded price (at most 24 h old): record one now,
        // as the oracle's client. Earlier runs' prices are older, so this one is the latest.
        try (LedgerConnection oracle =
                LedgerConnection.open(fabric.client("oracle").ledgerProperties())) {
            new FabricCollateralLedger(ProvenanceContractClient.of(oracle), "OracleMSP")
                    .recordBtcPrice(
                            "it-price-" + RUN,
                            new BtcPrice(
                                    "it-price-" + RUN,
                                    "USD",
                                    5_000_000L,
                                    "fabric tier test",
                                    System.currentTimeMillis()));
        }
    }

    @AfterAll
    static void stop() {
        if (publisher != null) {
            publisher.close();
        }
        for (InProcessGateway gateway : new InProcessGateway[] {manufacturer, lender}) {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    /** A good the robot made (in an anchored window) and checked, offered by the lender and pledged by its maker. */
    private static Pledge pledgedGood(String kind) throws Exception {
        String goodId = press.robotId() + "-" + kind;
        GatewayLoans.madeAndChecked(manufacturer, publisher, press, goodId, kind, TIMEOUT);

        String loanId = "loan-" + kind + "-" + RUN;
        String preimage = HexFormat.of().formatHex(randomBytes());
        String legalName = "Acme Manufacturing " + RUN;
        Map<String, Object> terms = Map.of(
                "interestBps",
                850,
                "schedule",
                List.of(Map.of("dueEpochMillis", 1_900_000_000_000L, "amountSats", 25_000_000L)),
                "borrowerDetails",
                Map.of("legalName", legalName, "registration", "HRB-4711"));
        // 0.5 BTC against 100,000.00 USD appraised: 25% LTV at 50,000.00 USD per BTC.
        Map<String, Object> offer = Map.ofEntries(
                Map.entry("loanId", loanId),
                Map.entry("goodId", goodId),
                Map.entry("borrowerOrg", "ManufacturerMSP"),
                Map.entry("principalSats", 50_000_000L),
                Map.entry("appraisedValueMinor", 10_000_000L),
                Map.entry("currency", "USD"),
                Map.entry("maxLtvBps", 5_000),
                Map.entry("marginCallBps", 7_000),
                Map.entry("liquidationBps", 8_000),
                Map.entry(
                        "paymentHash",
                        HexFormat.of().formatHex(sha256(HexFormat.of().parseHex(preimage)))),
                Map.entry("expiresAtEpochMillis", System.currentTimeMillis() + 86_400_000L),
                Map.entry("terms", terms));
        JsonNode offered = post(lender, Role.LENDER, "/api/lending/offers", offer, 201);
        assertThat(offered.at("/report/verdict").asString()).isEqualTo("ELIGIBLE");
        JsonNode pledged = post(
                manufacturer,
                Role.OPERATOR,
                "/api/borrowing/offers/" + loanId + "/accept",
                Map.of("terms", terms),
                201);
        assertThat(pledged.at("/lien/status").asString()).isEqualTo("ACTIVE");
        return new Pledge(goodId, loanId, preimage, legalName);
    }

    private static JsonNode post(InProcessGateway gateway, Role role, String uri, Object body, int expectedStatus) {
        return GatewayLoans.post(gateway, role, uri, body, expectedStatus);
    }

    private static JsonNode onPeer(String org, String function, String id) throws IOException {
        return JSON.readTree(fabric.queryOk(org, function, id));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void aReleaseEndorsedByTheBorrowersPeerAloneFailsValidationWhileTheGatewayWithBothPeersCommitsIt()
            throws Exception {
        Pledge pledge = pledgedGood("gearbox");
        var request = JSON.createObjectNode().put("loanId", pledge.loanId()).put("preimageHex", pledge.preimageHex());
        // The gateway's own write, but endorsed by the manufacturer's peer only: the chaincode accepts
        // it (right borrower, right preimage), so only the key-level policy can stop it.
        CommitFailedException borrowerAlone;
        try (LedgerConnection client =
                LedgerConnection.open(fabric.client("manufacturer").ledgerProperties())) {
            borrowerAlone = catchThrowableOfType(
                    CommitFailedException.class,
                    () -> ProvenanceContractClient.of(client)
                            .releaseWithPreimage("it-one-org-" + RUN, request, List.of("ManufacturerMSP")));
        }

        assertThat(borrowerAlone).isNotNull();
        assertThat(borrowerAlone.validationCode())
                .as(borrowerAlone.getMessage())
                .isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE.name());
        String borrowerAloneTransaction = borrowerAlone.transactionId().orElseThrow();
        for (String org : FabricNetwork.PEER_ORGS) {
            assertThat(onPeer(org, GET_LIEN.functionName(), pledge.loanId())
                            .path("status")
                            .asString())
                    .as("lien on peer0.%s", org)
                    .isEqualTo("ACTIVE");
        }

        JsonNode released = post(
                manufacturer,
                Role.OPERATOR,
                "/api/borrowing/loans/" + pledge.loanId() + "/release",
                Map.of("preimageHex", pledge.preimageHex()),
                200);

        assertThat(released.path("transactionId").asString()).isNotEqualTo(borrowerAloneTransaction);
        for (String org : FabricNetwork.PEER_ORGS) {
            JsonNode lien = onPeer(org, GET_LIEN.functionName(), pledge.loanId());
            assertThat(lien.path("status").asString())
                    .as("lien on peer0.%s", org)
                    .isEqualTo("RELEASED");
            assertThat(lien.at("/closure/preimageHex").asString()).isEqualTo(pledge.preimageHex());
        }
    }

    @Test
    void theLoanTermsAreOnTheBorrowersAndTheLendersPeersButNotOnTheRetailersPeer() throws Exception {
        Pledge pledge = pledgedGood("valve");

        // Asked as the borrower's admin, so the contract's party check passes on every peer: what
        // differs is only what each peer holds.
        for (String party : List.of("manufacturer", "lender")) {
            FabricNetwork.Output terms =
                    fabric.query("manufacturer", party, GET_LOAN_TERMS.functionName(), pledge.loanId());
            assertThat(terms.succeeded())
                    .as("terms on peer0.%s: %s", party, terms.all())
                    .isTrue();
            assertThat(JSON.readTree(terms.text())
                            .at("/borrowerDetails/legalName")
                            .asString())
                    .isEqualTo(pledge.legalName());
        }
        FabricNetwork.Output retailers =
                fabric.query("manufacturer", "retailer", GET_LOAN_TERMS.functionName(), pledge.loanId());
        assertThat(retailers.succeeded()).as(retailers.all()).isFalse();
        assertThat(retailers.all()).doesNotContain(pledge.legalName());
        // The CLI only says the chaincode failed; the peer's log says why: it holds the terms' hash, not the terms.
        Matcher transaction = Pattern.compile("\\[([0-9a-f]{8})\\]").matcher(retailers.all());
        assertThat(transaction.find()).as(retailers.all()).isTrue();
        String refusal =
                "[" + transaction.group(1) + "] Failed to handle GET_STATE. error: private data matching public"
                        + " hash version is not available";
        Await.until(
                "peer0.retailer to log why it has no terms",
                Duration.ofSeconds(10),
                () -> fabric.log("peer0.retailer").contains(refusal));
        assertThat(onPeer("retailer", GET_LIEN.functionName(), pledge.loanId())
                        .path("termsSha256")
                        .asString())
                .as("the public lien, with the terms' hash, is on every peer")
                .hasSize(64);
    }
}

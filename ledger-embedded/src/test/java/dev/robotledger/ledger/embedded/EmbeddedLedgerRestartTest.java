package dev.robotledger.ledger.embedded;

import static dev.robotledger.contract.ContractTransaction.GET_GOOD;
import static dev.robotledger.contract.ContractTransaction.GET_LOAN_TERMS;
import static dev.robotledger.contract.ContractTransaction.OFFER_LOAN;
import static dev.robotledger.contract.ContractTransaction.PLEDGE_GOOD;
import static dev.robotledger.contract.ContractTransaction.RECORD_BTC_PRICE;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ledger as {@code java -jar} runs it (its directory's identities, the ledger opened
 * on the directory, the TLS server), through the real Fabric Gateway client signing as each of
 * the four organisations: a restart over the same directory keeps the whole ledger.
 */
class EmbeddedLedgerRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UnaryOperator<CallOptions> DEADLINE =
            options -> options.withDeadlineAfter(30, TimeUnit.SECONDS);

    @TempDir
    Path dir;

    private LedgerIdentities identities;
    private ContractPeer peer;
    private PeerServer server;
    private ManagedChannel channel;
    private final List<Gateway> gateways = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        stopLedger();
    }

    @Test
    void aRestartOverTheSameDirectoryServesTheSameBlocksStateAndPrivateDataAndTheChainContinues() throws Exception {
        startLedger();
        long producedAt = Instant.now().minusSeconds(60).toEpochMilli();
        submit(
                LedgerIdentities.Org.MANUFACTURER,
                REGISTER_ROBOT.functionName(),
                "evt-robot",
                JSON.writeValueAsString(robot("r1")));
        submit(
                LedgerIdentities.Org.MANUFACTURER,
                RECORD_PRODUCTION.functionName(),
                "evt-good",
                JSON.writeValueAsString(production("g1", "r1", producedAt)));
        submit(
                LedgerIdentities.Org.ORACLE,
                RECORD_BTC_PRICE.functionName(),
                "evt-price",
                JSON.writeValueAsString(Map.of(
                        "priceId",
                        "px-1",
                        "currency",
                        "USD",
                        "minorUnitsPerBtc",
                        5_000_000L,
                        "source",
                        "test BTC/USD",
                        "observedAtEpochMillis",
                        Instant.now().minusSeconds(30).toEpochMilli())));
        // The loan terms are private data of the manufacturer's and the lender's collection.
        Map<String, Object> pledge = pledge("loan-1", "g1");
        Map<String, byte[]> terms = Map.of("loanTerms", JSON.writeValueAsBytes(terms()));
        contract(LedgerIdentities.Org.LENDER)
                .newProposal(OFFER_LOAN.functionName())
                .addArguments(
                        "evt-offer",
                        JSON.writeValueAsString(Map.of(
                                "pledge",
                                pledge,
                                "borrowerOrg",
                                "ManufacturerMSP",
                                "expiresAtEpochMillis",
                                Instant.now().plus(Duration.ofDays(1)).toEpochMilli())))
                .putAllTransient(terms)
                .build()
                .endorse()
                .submit();
        contract(LedgerIdentities.Org.MANUFACTURER)
                .newProposal(PLEDGE_GOOD.functionName())
                .addArguments("evt-pledge", JSON.writeValueAsString(pledge))
                .putAllTransient(terms)
                .build()
                .endorse()
                .submit();

        long height = peer.height();
        List<Block> blocksBefore = blocksFrom(0, height);
        String goodBefore = evaluate(LedgerIdentities.Org.RETAILER, GET_GOOD.functionName(), "g1");
        String termsBefore = evaluate(LedgerIdentities.Org.LENDER, GET_LOAN_TERMS.functionName(), "loan-1");
        Map<String, String> eventsBefore = peer.recordedEvents();
        assertThat(termsBefore).contains("HRB-4711");

        stopLedger();
        startLedger();

        assertThat(peer.height()).isEqualTo(height);
        assertThat(blocksFrom(0, height)).isEqualTo(blocksBefore);
        assertThat(blocksFrom(3, height)).isEqualTo(blocksBefore.subList(3, (int) height));
        assertThat(evaluate(LedgerIdentities.Org.RETAILER, GET_GOOD.functionName(), "g1"))
                .isEqualTo(goodBefore);
        assertThat(evaluate(LedgerIdentities.Org.LENDER, GET_LOAN_TERMS.functionName(), "loan-1"))
                .isEqualTo(termsBefore);
        assertThat(peer.recordedEvents()).isEqualTo(eventsBefore);

        // The same event id again is refused: the contract's idempotency records came back too.
        EndorseException replay = catchThrowableOfType(
                EndorseException.class,
                () -> contract(LedgerIdentities.Org.MANUFACTURER)
                        .newProposal(REGISTER_ROBOT.functionName())
                        .addArguments("evt-robot", JSON.writeValueAsString(robot("r2")))
                        .build()
                        .endorse());
        assertThat(replay).isNotNull();

        submit(
                LedgerIdentities.Org.MANUFACTURER,
                RECORD_PRODUCTION.functionName(),
                "evt-good-2",
                JSON.writeValueAsString(production("g2", "r1", producedAt + 1)));
        Block next = peer.block(height);
        assertThat(next.getHeader().getNumber()).isEqualTo(height);
        assertThat(next.getHeader().getPreviousHash())
                .isEqualTo(BlockHashes.headerHash(
                        blocksBefore.get((int) height - 1).getHeader()));
    }

    @Test
    void theContractSeesTheMspIdOfEachOrganisationsIdentity() throws Exception {
        startLedger();
        String registered = submit(
                LedgerIdentities.Org.MANUFACTURER,
                REGISTER_ROBOT.functionName(),
                "evt-1",
                JSON.writeValueAsString(robot("r1")));
        assertThat(JSON.readTree(registered).get("ownerOrg").asText()).isEqualTo("ManufacturerMSP");

        for (LedgerIdentities.Org org :
                List.of(LedgerIdentities.Org.RETAILER, LedgerIdentities.Org.LENDER, LedgerIdentities.Org.ORACLE)) {
            EndorseException refused = catchThrowableOfType(
                    EndorseException.class,
                    () -> contract(org)
                            .newProposal(REGISTER_ROBOT.functionName())
                            .addArguments("evt-" + org, JSON.writeValueAsString(robot("r-" + org)))
                            .build()
                            .endorse());
            assertThat(refused.getDetails())
                    .singleElement()
                    .satisfies(detail -> assertThat(detail.getMessage()).contains(org.mspId));
        }
        assertThat(peer.proposals())
                .extracting(ContractPeer.ReceivedProposal::creatorMspId)
                .containsExactly("ManufacturerMSP", "RetailerMSP", "LenderMSP", "OracleMSP");
        assertThat(peer.proposals()).allMatch(ContractPeer.ReceivedProposal::signatureValid);
    }

    private void startLedger() throws IOException {
        identities = LedgerIdentities.createOrReuse(dir, Duration.ofDays(1));
        peer = ContractPeer.openAt(dir.resolve("ledger"));
        server = new PeerServer(peer, identities.tlsCertificate(), identities.tlsKey()).start();
        channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1",
                        server.port(),
                        TlsChannelCredentials.newBuilder()
                                .trustManager(dir.resolve("tls-ca.pem").toFile())
                                .build())
                .overrideAuthority(EmbeddedLedgerMain.TLS_SERVER_NAME)
                .build();
    }

    private void stopLedger() throws Exception {
        gateways.forEach(Gateway::close);
        gateways.clear();
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private Contract contract(LedgerIdentities.Org org) throws Exception {
        return network(org).getContract(ContractPeer.CHAINCODE);
    }

    private Network network(LedgerIdentities.Org org) throws Exception {
        Path orgDir = identities.orgDir(org);
        X509Certificate certificate;
        try (Reader reader = Files.newBufferedReader(orgDir.resolve(LedgerIdentities.CERTIFICATE))) {
            certificate = Identities.readX509Certificate(reader);
        }
        Gateway gateway;
        try (Reader reader = Files.newBufferedReader(orgDir.resolve(LedgerIdentities.KEY))) {
            gateway = Gateway.newInstance()
                    .identity(new X509Identity(org.mspId, certificate))
                    .signer(Signers.newPrivateKeySigner(Identities.readPrivateKey(reader)))
                    .connection(channel)
                    .evaluateOptions(DEADLINE)
                    .endorseOptions(DEADLINE)
                    .submitOptions(DEADLINE)
                    .commitStatusOptions(DEADLINE)
                    .connect();
        }
        gateways.add(gateway);
        return gateway.getNetwork(ContractPeer.CHANNEL);
    }

    private String submit(LedgerIdentities.Org org, String function, String... args) throws Exception {
        return new String(contract(org).submitTransaction(function, args), StandardCharsets.UTF_8);
    }

    private String evaluate(LedgerIdentities.Org org, String function, String... args) throws Exception {
        return new String(contract(org).evaluateTransaction(function, args), StandardCharsets.UTF_8);
    }

    /** Blocks {@code start} up to {@code end} (exclusive) as a block-event follower receives them. */
    private List<Block> blocksFrom(long start, long end) throws Exception {
        List<Block> blocks = new ArrayList<>();
        try (CloseableIterator<Block> events = network(LedgerIdentities.Org.RETAILER)
                .newBlockEventsRequest()
                .startBlock(start)
                .build()
                .getEvents(options -> options.withDeadlineAfter(20, TimeUnit.SECONDS))) {
            while (blocks.size() < end - start) {
                blocks.add(events.next());
            }
        }
        return blocks;
    }

    private static Map<String, Object> robot(String robotId) {
        return Map.of(
                "robotId",
                robotId,
                "model",
                "UR10e",
                "site",
                "plant-1",
                "line",
                "line-2",
                "station",
                "st-" + robotId,
                "capabilities",
                List.of("PRODUCE", "ASSEMBLE", "INSPECT"),
                "publicKeyPem",
                CertificateAuthority.pem(
                        "PUBLIC KEY",
                        CertificateAuthority.newCa("robot-key")
                                .caCertificate()
                                .getPublicKey()
                                .getEncoded()));
    }

    private static Map<String, Object> production(String goodId, String robotId, long producedAtEpochMillis) {
        return Map.of(
                "goodId",
                goodId,
                "kind",
                "sku-gear-12",
                "robotId",
                robotId,
                "producedAtEpochMillis",
                producedAtEpochMillis,
                "firmwareVersion",
                "fw-1",
                "energyWh",
                18.25);
    }

    /** A loan of 0.1 BTC against a good appraised at 100,000 USD. */
    private static Map<String, Object> pledge(String loanId, String goodId) {
        return Map.of(
                "loanId",
                loanId,
                "goodId",
                goodId,
                "lenderOrg",
                "LenderMSP",
                "principalSats",
                10_000_000L,
                "appraisedValueMinor",
                100_000_00L,
                "currency",
                "USD",
                "maxLtvBps",
                5_000,
                "marginCallBps",
                7_000,
                "liquidationBps",
                8_000,
                "paymentHash",
                "ab".repeat(32));
    }

    private static Map<String, Object> terms() {
        return Map.of(
                "interestBps",
                850,
                "schedule",
                List.of(Map.of("dueEpochMillis", 1_900_000_000_000L, "amountSats", 10_500_000L)),
                "borrowerDetails",
                Map.of("legalName", "Acme Manufacturing Ltd", "registration", "HRB-4711"));
    }
}

package dev.robotledger.chaincode.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.contract.Sgtin;
import dev.robotledger.contract.testkit.CollectionsConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON requests as a client would send them, built from maps so tests can also send bad ones. */
public final class Fixtures {

    public static final String MERKLE_ROOT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {}

    /** The collections of the chaincode definition the network deploys ({@code collections_config.json}). */
    public static Map<String, Set<String>> collectionMembers() {
        return CollectionsConfig.members(Fixtures.class, "/collections_config.json");
    }

    public static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    public static String json(Map<String, ?> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A fresh PEM public key; {@code curve} is e.g. secp256r1 (accepted) or secp384r1 (refused). */
    public static String publicKeyPem(String algorithm, Object parameter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (parameter instanceof String curve) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize((Integer) parameter);
            }
            byte[] der = generator.generateKeyPair().getPublic().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String p256PublicKeyPem() {
        return publicKeyPem("EC", "secp256r1");
    }

    public static Map<String, Object> robot(String robotId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("robotId", robotId);
        fields.put("model", "UR10e");
        fields.put("site", "plant-1");
        fields.put("line", "line-2");
        fields.put("station", "st-" + robotId);
        fields.put("capabilities", List.of("PRODUCE", "ASSEMBLE", "INSPECT"));
        fields.put("publicKeyPem", p256PublicKeyPem());
        return fields;
    }

    public static Map<String, Object> production(String goodId, String robotId, long producedAtEpochMillis) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("goodId", goodId);
        fields.put("kind", "sku-gear-12");
        fields.put("robotId", robotId);
        fields.put("producedAtEpochMillis", producedAtEpochMillis);
        fields.put("firmwareVersion", "fw-3.4.1");
        fields.put("processParameters", Map.of("torqueNm", 12.5, "temperatureC", 41.0));
        fields.put("energyWh", 18.25);
        fields.put("telemetryAnchor", Map.of("batchId", "batch-1", "merkleRoot", MERKLE_ROOT));
        // A good named by its SGTIN EPC URI carries the GTIN and serial the URI names.
        Sgtin.fromEpcUri(goodId).ifPresent(item -> {
            fields.put("gtin", item.gtin());
            fields.put("serial", item.serial());
        });
        return fields;
    }

    /** The production of a good with a GS1 identity, {@code lot} null when it is not made in lots. */
    public static Map<String, Object> gs1Production(
            Sgtin item, String lot, String robotId, long producedAtEpochMillis) {
        Map<String, Object> fields = production(item.epcUri(), robotId, producedAtEpochMillis);
        if (lot != null) {
            fields.put("lot", lot);
        }
        return fields;
    }

    /** An assembly of {@code parts} ({@link #part}). */
    public static Map<String, Object> assembly(
            String productId, String robotId, long producedAtEpochMillis, List<Map<String, Object>> parts) {
        Map<String, Object> product = production(productId, robotId, producedAtEpochMillis);
        product.put("kind", "sku-assembly");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", product);
        fields.put("parts", parts);
        return fields;
    }

    /** A part of an assembly: the good and the event id of the production that made it. */
    public static Map<String, Object> part(String goodId, String producedBy) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("goodId", goodId);
        fields.put("producedBy", producedBy);
        return fields;
    }

    /** An operator's decision on a quarantined good: RELEASE or SCRAP. */
    public static Map<String, Object> disposition(String goodId, String producedBy, String decision) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("goodId", goodId);
        fields.put("producedBy", producedBy);
        fields.put("decision", decision);
        fields.put("operator", "alice@plant-1");
        fields.put("reason", "re-measured by hand: within tolerance");
        return fields;
    }

    public static Map<String, Object> qualityCheck(String goodId, String producedBy, String result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("goodId", goodId);
        fields.put("producedBy", producedBy);
        fields.put("inspector", "vision-cell-7");
        fields.put("checkType", "dimensional");
        fields.put("result", result);
        fields.put("measurements", Map.of("diameterMm", 12.01));
        return fields;
    }

    public static Map<String, Object> anchor(String batchId, List<String> robotIds) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("batchId", batchId);
        fields.put("merkleRoot", MERKLE_ROOT);
        fields.put("readingCount", 4096);
        fields.put("fromEpochMillis", 1_772_438_400_000L);
        fields.put("toEpochMillis", 1_772_438_460_000L);
        fields.put("robotIds", robotIds);
        return fields;
    }

    /** A ProposeTransfer request. */
    public static Map<String, Object> proposal(String goodId, String producedBy, String toOrg) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("goodId", goodId);
        fields.put("producedBy", producedBy);
        fields.put("toOrg", toOrg);
        return fields;
    }

    public static Map<String, Object> goodOnly(String goodId) {
        return Map.of("goodId", goodId);
    }

    /** A fresh 32-byte Lightning payment preimage, as 64 lowercase hex digits. */
    public static String newPreimage() {
        byte[] preimage = new byte[32];
        RANDOM.nextBytes(preimage);
        return HexFormat.of().formatHex(preimage);
    }

    /** The payment hash of a preimage: SHA-256 of its bytes, as 64 lowercase hex digits. */
    public static String paymentHash(String preimageHex) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(HexFormat.of().parseHex(preimageHex)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The price of one BTC in US cents. */
    public static Map<String, Object> btcPrice(String priceId, long centsPerBtc, long observedAtEpochMillis) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("priceId", priceId);
        fields.put("currency", "USD");
        fields.put("minorUnitsPerBtc", centsPerBtc);
        fields.put("source", "test-exchange BTC/USD mid");
        fields.put("observedAtEpochMillis", observedAtEpochMillis);
        return fields;
    }

    /** A pledge in USD with max LTV 50%, margin call at 70%, liquidation at 80%. */
    public static Map<String, Object> pledge(
            String loanId,
            String goodId,
            String lenderOrg,
            long principalSats,
            long appraisedCents,
            String paymentHash) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("loanId", loanId);
        fields.put("goodId", goodId);
        fields.put("lenderOrg", lenderOrg);
        fields.put("principalSats", principalSats);
        fields.put("appraisedValueMinor", appraisedCents);
        fields.put("currency", "USD");
        fields.put("maxLtvBps", 5_000);
        fields.put("marginCallBps", 7_000);
        fields.put("liquidationBps", 8_000);
        fields.put("paymentHash", paymentHash);
        return fields;
    }

    /** The OfferLoan request: the lender's offer of {@code pledge} to {@code borrowerOrg}. */
    public static Map<String, Object> offer(Map<String, Object> pledge, String borrowerOrg, long expiresAtEpochMillis) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pledge", pledge);
        fields.put("borrowerOrg", borrowerOrg);
        fields.put("expiresAtEpochMillis", expiresAtEpochMillis);
        return fields;
    }

    public static Map<String, Object> loanTerms(String borrowerName) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("interestBps", 850);
        fields.put(
                "schedule",
                List.of(
                        Map.of("dueEpochMillis", 1_775_000_000_000L, "amountSats", 25_000_000L),
                        Map.of("dueEpochMillis", 1_777_600_000_000L, "amountSats", 25_500_000L)));
        fields.put("borrowerDetails", Map.of("legalName", borrowerName, "registration", "HRB-4711"));
        return fields;
    }

    /** The transient map a client sends with OfferLoan and PledgeGood. */
    public static Map<String, byte[]> termsTransient(Map<String, Object> terms) {
        return Map.of("loanTerms", json(terms).getBytes(StandardCharsets.UTF_8));
    }
}

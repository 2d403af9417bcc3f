package dev.robotledger.gateway.lightning.lnd;

import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.lightning.ChannelBalance;
import dev.robotledger.gateway.lightning.Invoice;
import dev.robotledger.gateway.lightning.InvoiceState;
import dev.robotledger.gateway.lightning.LightningException;
import dev.robotledger.gateway.lightning.LightningException.Failure;
import dev.robotledger.gateway.lightning.LightningNode;
import dev.robotledger.gateway.lightning.NewInvoice;
import dev.robotledger.gateway.lightning.NodeInfo;
import dev.robotledger.gateway.lightning.OnChainWallet;
import dev.robotledger.gateway.lightning.Payment;
import dev.robotledger.gateway.lightning.PaymentHash;
import dev.robotledger.gateway.lightning.PaymentRequest;
import dev.robotledger.gateway.lightning.Preimage;
import dev.robotledger.gateway.lightning.WalletTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * lnd through its REST API (the gRPC gateway lnd serves beside gRPC): JSON over HTTPS, the node's
 * own {@code tls.cert} as the only trusted certificate, the macaroon in the
 * {@code Grpc-Metadata-macaroon} header. The JDK's HTTP client and Jackson, nothing generated.
 */
public final class LndRestNode implements LightningNode, OnChainWallet {

    private static final int READ_ATTEMPTS = 4;
    private static final Duration READ_RETRY_PAUSE = Duration.ofMillis(250);
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_IN = Base64.getDecoder();
    /** gRPC's ALREADY_EXISTS: lnd's answer to a payment of a hash it has paid or is paying. */
    private static final int ALREADY_EXISTS = 6;
    /** gRPC's UNAVAILABLE: among others, lnd's REST proxy could not reach the node's gRPC server. */
    private static final int UNAVAILABLE = 14;

    private final HttpClient http;
    private final URI base;
    private final String macaroonHex;
    private final Duration callTimeout;
    private final Duration paymentTimeout;
    private final long maxFeeSat;

    private LndRestNode(HttpClient http, URI base, String macaroonHex, LndProperties properties) {
        this.http = http;
        this.base = base;
        this.macaroonHex = macaroonHex;
        this.callTimeout = properties.callTimeout();
        this.paymentTimeout = properties.paymentTimeout();
        this.maxFeeSat = properties.maxFeeSat();
    }

    /** A client of the configured node; reads the certificate and macaroon now, calls nothing yet. */
    public static LndRestNode connect(LndProperties properties) {
        if (!properties.configured()) {
            throw new IllegalArgumentException("gateway.lightning.host is not set");
        }
        try {
            String macaroon = HexFormat.of().formatHex(Files.readAllBytes(properties.macaroonFile()));
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting(properties))
                    .connectTimeout(properties.callTimeout())
                    .build();
            String host = properties.host().contains(":") ? "[" + properties.host() + "]" : properties.host();
            return new LndRestNode(http, URI.create("https://" + host + ":" + properties.port()), macaroon, properties);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot use lnd's TLS certificate " + properties.tlsCertFile() + " or macaroon "
                            + properties.macaroonFile() + ": " + e.getMessage(),
                    e);
        }
    }

    private static SSLContext trusting(LndProperties properties) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(properties.tlsCertFile())) {
            trusted.setCertificateEntry(
                    "lnd", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

    @Override
    public NodeInfo info() {
        JsonNode info = call("get info", get("/v1/getinfo"));
        return new NodeInfo(
                info.path("identity_pubkey").asString(),
                info.path("alias").asString(),
                info.path("version").asString(),
                info.path("block_height").asLong(),
                info.path("synced_to_chain").asBoolean(),
                info.path("num_active_channels").asInt());
    }

    @Override
    public NewInvoice addInvoice(long amountSat, String memo, Duration expiry) {
        ObjectNode body = Json.MAPPER
                .createObjectNode()
                .put("value", requireAmount(amountSat))
                .put("memo", memo)
                .put("expiry", expiry.toSeconds());
        JsonNode added = call("add invoice", post("/v1/invoices", body));
        return new NewInvoice(
                PaymentHash.of(bytes(added, "r_hash")),
                added.path("payment_request").asString());
    }

    @Override
    public NewInvoice addHoldInvoice(PaymentHash hash, long amountSat, String memo, Duration expiry) {
        ObjectNode body = Json.MAPPER
                .createObjectNode()
                .put("hash", BASE64.encodeToString(hash.bytes()))
                .put("value", requireAmount(amountSat))
                .put("memo", memo)
                .put("expiry", expiry.toSeconds());
        JsonNode added = call("add hold invoice", post("/v2/invoices/hodl", body));
        return new NewInvoice(hash, added.path("payment_request").asString());
    }

    @Override
    public Invoice lookupInvoice(PaymentHash hash) {
        JsonNode invoice = call("look up invoice", get("/v1/invoice/" + hash.hex()));
        byte[] preimage = bytes(invoice, "r_preimage");
        return new Invoice(
                hash,
                invoice.path("payment_request").asString(),
                invoice.path("value").asLong(),
                invoice.path("memo").asString(),
                InvoiceState.valueOf(invoice.path("state").asString()),
                amountPaidSat(invoice),
                Instant.ofEpochSecond(invoice.path("creation_date").asLong()),
                Duration.ofSeconds(invoice.path("expiry").asLong()),
                preimage.length == 32 ? Optional.of(Preimage.of(preimage)) : Optional.empty());
    }

    // What the locked-in and settled HTLCs carry: for an accepted hold invoice that is what the
    // payer sent, whatever amount the invoice asked for.
    private static long amountPaidSat(JsonNode invoice) {
        long msat = 0;
        for (JsonNode htlc : invoice.path("htlcs")) {
            String state = htlc.path("state").asString();
            if (state.equals("ACCEPTED") || state.equals("SETTLED")) {
                msat += htlc.path("amt_msat").asLong();
            }
        }
        return msat > 0 ? msat / 1000 : invoice.path("amt_paid_sat").asLong();
    }

    @Override
    public void settleInvoice(Preimage preimage) {
        call(
                "settle invoice",
                post(
                        "/v2/invoices/settle",
                        Json.MAPPER.createObjectNode().put("preimage", BASE64.encodeToString(preimage.bytes()))));
    }

    @Override
    public void cancelInvoice(PaymentHash hash) {
        call(
                "cancel invoice",
                post(
                        "/v2/invoices/cancel",
                        Json.MAPPER.createObjectNode().put("payment_hash", BASE64.encodeToString(hash.bytes()))));
    }

    @Override
    public PaymentRequest decode(String paymentRequest) {
        JsonNode decoded = call("decode payment request", get("/v1/payreq/" + requireRequest(paymentRequest)));
        return new PaymentRequest(
                new PaymentHash(decoded.path("payment_hash").asString()),
                decoded.path("num_satoshis").asLong(),
                decoded.path("destination").asString(),
                decoded.path("description").asString(),
                Instant.ofEpochSecond(decoded.path("timestamp").asLong()),
                Duration.ofSeconds(decoded.path("expiry").asLong()));
    }

    @Override
    public ChannelBalance channelBalance() {
        JsonNode balance = call("channel balance", get("/v1/balance/channels"));
        return new ChannelBalance(
                balance.path("local_balance").path("sat").asLong(),
                balance.path("remote_balance").path("sat").asLong());
    }

    /**
     * routerrpc's SendPaymentV2: lnd streams the payment's updates, one JSON object a line, until
     * it succeeded or failed. The first update comes as soon as the HTLC is sent, so a hold
     * invoice's wait happens in the body, after the request's deadline. A hash lnd has paid or is
     * paying already (ALREADY_EXISTS) is followed with TrackPaymentV2 instead, so paying again
     * after a lost answer or a restart returns the first payment and moves nothing.
     */
    @Override
    public Payment pay(String paymentRequest) {
        ObjectNode body = Json.MAPPER
                .createObjectNode()
                .put("payment_request", requireRequest(paymentRequest))
                .put("timeout_seconds", (int) Math.max(1, paymentTimeout.toSeconds()))
                .put("fee_limit_sat", maxFeeSat);
        try {
            return outcome("pay", post("/v2/router/send", body));
        } catch (LightningException e) {
            if (e.failure() != Failure.REFUSED || e.grpcCode().orElse(-1) != ALREADY_EXISTS) {
                throw e;
            }
            PaymentHash hash = decode(paymentRequest).hash();
            return outcome(
                    "follow payment",
                    get("/v2/router/track/" + Base64.getUrlEncoder().encodeToString(hash.bytes())));
        }
    }

    @Override
    public Optional<Payment> payment(PaymentHash hash) {
        try {
            return Optional.of(outcome(
                    "follow payment",
                    get("/v2/router/track/" + Base64.getUrlEncoder().encodeToString(hash.bytes()))));
        } catch (LightningException e) {
            if (e.isNotFound() || e.failure() == Failure.PAYMENT_FAILED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Preimage secret(String purpose) {
        ObjectNode body = Json.MAPPER
                .createObjectNode()
                .put("msg", BASE64.encodeToString(purpose.getBytes(StandardCharsets.UTF_8)));
        String signature = call("sign message", post("/v1/signmessage", body))
                .path("signature")
                .asString();
        if (signature.isEmpty()) {
            throw new LightningException(
                    Failure.REFUSED, "sign message", null, "the node answered without a signature", null);
        }
        try {
            return Preimage.of(
                    MessageDigest.getInstance("SHA-256").digest(signature.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** When the settling HTLC resolved; lnd sends nanoseconds as decimal strings. */
    private static Instant succeededAt(JsonNode payment) {
        long nanos = payment.path("creation_time_ns").asLong();
        for (JsonNode htlc : payment.path("htlcs")) {
            if ("SUCCEEDED".equals(htlc.path("status").asString())) {
                nanos = Math.max(nanos, htlc.path("resolve_time_ns").asLong());
            }
        }
        return Instant.ofEpochSecond(0, nanos);
    }

    @Override
    public byte[] sendZeroValueOutput(byte[] script, String label, long satPerVbyte) {
        ObjectNode body = Json.MAPPER
                .createObjectNode()
                .put("sat_per_kw", satPerVbyte * 250)
                .put("label", label)
                .put("min_confs", 1);
        body.putArray("outputs").addObject().put("value", 0).put("pk_script", BASE64.encodeToString(script));
        return bytes(call("send outputs", post("/v2/wallet/send", body)), "raw_tx");
    }

    @Override
    public List<WalletTransaction> transactions() {
        List<WalletTransaction> found = new ArrayList<>();
        for (JsonNode tx : call("get transactions", get("/v1/transactions")).path("transactions")) {
            String blockHash = tx.path("block_hash").asString("");
            found.add(new WalletTransaction(
                    tx.path("tx_hash").asString(),
                    tx.path("label").asString(""),
                    blockHash.isEmpty() ? Optional.empty() : Optional.of(blockHash),
                    tx.path("block_height").asLong(),
                    HexFormat.of().parseHex(tx.path("raw_tx_hex").asString(""))));
        }
        return found;
    }

    @Override
    public byte[] rawBlock(String blockHash) {
        byte[] shown = HexFormat.of().parseHex(blockHash);
        byte[] internal = new byte[shown.length];
        for (int i = 0; i < shown.length; i++) {
            internal[i] = shown[shown.length - 1 - i];
        }
        String query = java.net.URLEncoder.encode(BASE64.encodeToString(internal), StandardCharsets.US_ASCII);
        return bytes(call("get block", get("/v2/chainkit/block?block_hash=" + query)), "raw_block");
    }

    private Payment outcome(String operation, HttpRequest.Builder request) {
        HttpResponse<Stream<String>> response = send(
                operation,
                request.timeout(paymentTimeout.plus(callTimeout)).build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() / 100 != 2) {
                JsonNode error = parse(operation, String.join("\n", lines.toList()));
                throw refused(operation, error.has("error") ? error.path("error") : error);
            }
            Iterator<String> updates = lines.iterator();
            while (updates.hasNext()) {
                String line = updates.next();
                if (line.isBlank()) {
                    continue;
                }
                JsonNode update = parse(operation, line);
                if (update.has("error")) {
                    throw refused(operation, update.path("error"));
                }
                JsonNode payment = update.path("result");
                switch (payment.path("status").asString()) {
                    case "SUCCEEDED":
                        return new Payment(
                                new PaymentHash(payment.path("payment_hash").asString()),
                                new Preimage(payment.path("payment_preimage").asString()),
                                payment.path("value_sat").asLong(),
                                payment.path("fee_sat").asLong(),
                                succeededAt(payment));
                    case "FAILED":
                        throw new LightningException(
                                Failure.PAYMENT_FAILED,
                                operation,
                                null,
                                payment.path("failure_reason").asString(),
                                null);
                    default:
                        break;
                }
            }
        } catch (UncheckedIOException e) {
            throw new LightningException(Failure.UNREACHABLE, operation, null, String.valueOf(e.getCause()), e);
        }
        throw new LightningException(
                Failure.UNREACHABLE,
                operation,
                null,
                "the node ended the payment's update stream before the payment succeeded or failed",
                null);
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        return request(path).POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Grpc-Metadata-macaroon", macaroonHex)
                .header("Content-Type", "application/json")
                .timeout(callTimeout);
    }

    // lnd's REST proxy calls its own gRPC server over a connection of its own. When that broke (the
    // node's host lost its network and got it back), the next call answers UNAVAILABLE while the
    // proxy connects again: a read, which changes nothing, is asked again a few times.
    private JsonNode call(String operation, HttpRequest.Builder request) {
        HttpRequest built = request.build();
        for (int attempt = 1; ; attempt++) {
            try {
                return answer(operation, built);
            } catch (LightningException e) {
                if (!"GET".equals(built.method())
                        || e.failure() != Failure.REFUSED
                        || e.grpcCode().orElse(-1) != UNAVAILABLE
                        || attempt == READ_ATTEMPTS) {
                    throw e;
                }
                pause(operation, READ_RETRY_PAUSE);
            }
        }
    }

    private static void pause(String operation, Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LightningException(
                    Failure.UNREACHABLE, operation, null, "interrupted while waiting to ask again", e);
        }
    }

    private JsonNode answer(String operation, HttpRequest built) {
        HttpResponse<String> response = send(operation, built, HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(operation, response.body());
        if (response.statusCode() / 100 != 2) {
            throw refused(operation, body.has("error") ? body.path("error") : body);
        }
        return body;
    }

    private <T> HttpResponse<T> send(String operation, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new LightningException(Failure.UNREACHABLE, operation, null, base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LightningException(
                    Failure.UNREACHABLE, operation, null, "interrupted while waiting for " + base, e);
        }
    }

    private static LightningException refused(String operation, JsonNode error) {
        Integer code = error.has("code") ? error.path("code").asInt() : null;
        String message = error.path("message").asString(error.toString());
        return new LightningException(Failure.REFUSED, operation, code, message, null);
    }

    private static JsonNode parse(String operation, String body) {
        try {
            return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new LightningException(
                    Failure.REFUSED,
                    operation,
                    null,
                    "not JSON: " + body.substring(0, Math.min(200, body.length())),
                    e);
        }
    }

    private static byte[] bytes(JsonNode node, String field) {
        String text = node.path(field).asString("");
        return text.isEmpty() ? new byte[0] : BASE64_IN.decode(text);
    }

    private static long requireAmount(long amountSat) {
        if (amountSat < 0) {
            throw new IllegalArgumentException("an amount is never negative, was " + amountSat);
        }
        return amountSat;
    }

    private static String requireRequest(String paymentRequest) {
        if (paymentRequest == null || !paymentRequest.matches("ln[a-z0-9]+")) {
            throw new IllegalArgumentException("not a BOLT 11 payment request: '" + paymentRequest + "'");
        }
        return paymentRequest;
    }
}

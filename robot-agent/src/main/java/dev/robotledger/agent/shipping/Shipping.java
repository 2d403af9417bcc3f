package dev.robotledger.agent.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The organisations' people around the robots, for a simulated factory: the manufacturer's shipping
 * desk offers finished products that passed inspection to the retailer once they have been in the
 * warehouse a while; the retailer's goods-in desk accepts a share of the shipments on its own
 * gateway and leaves the rest for a person to accept or reject; the manufacturer's quality manager
 * now and then recalls a product the retailer received.
 *
 * <p>Every write goes through the gateways' custody and recall endpoints with an event id derived
 * from the good ({@code ship-}, {@code accept-}, {@code recall-} and its id), so a retry or a
 * restart never records anything twice. Which shipments are accepted and which products are
 * recalled the policy decides from the good's id.
 */
public final class Shipping {

    /**
     * What the desks do: ship products of {@code productKind} that passed, after {@code shipAfter} in
     * the warehouse; accept the shipments {@code accepts} names; recall the received products
     * {@code recalls} names, for {@code recallReason}.
     */
    public record Policy(
            String productKind,
            String manufacturerMsp,
            String retailerMsp,
            Duration shipAfter,
            Predicate<String> accepts,
            Predicate<String> recalls,
            String recallReason) {
        public Policy {
            if (shipAfter.isNegative()) {
                throw new IllegalArgumentException("ship-after must not be negative, was " + shipAfter);
            }
        }
    }

    /** Writes done so far, and the last refusal a gateway answered. */
    public record Counts(long shipped, long accepted, long recalled, long refused, String lastRefusal) {}

    private static final int PAGE = 200;
    private static final int ACCEPT_ATTEMPTS = 5;

    private final GatewayApi manufacturer;
    private final GatewayApi retailer;
    private final Policy policy;
    private final Clock clock;
    // Offered by this desk and not yet decided by the retailer's; goods the desk is done with.
    private final Map<String, Integer> offered = new LinkedHashMap<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final Set<String> received = new LinkedHashSet<>();
    private long shipped;
    private long accepted;
    private long recalled;
    private long refused;
    private String lastRefusal = "";

    public Shipping(GatewayApi manufacturer, GatewayApi retailer, Policy policy, Clock clock) {
        this.manufacturer = manufacturer;
        this.retailer = retailer;
        this.policy = policy;
        this.clock = clock;
    }

    /** One round: ship what is due, accept the share of the offers, recall the share of what arrived. */
    public Counts round() throws IOException {
        ship();
        accept();
        recall();
        return counts();
    }

    public Counts counts() {
        return new Counts(shipped, accepted, recalled, refused, lastRefusal);
    }

    private void ship() throws IOException {
        Instant due = clock.instant().minus(policy.shipAfter());
        GatewayApi.Answer page = manufacturer.get("/api/goods?kind=" + policy.productKind()
                + "&status=ACTIVE&custodian=" + policy.manufacturerMsp() + "&producedBefore=" + due + "&limit=" + PAGE);
        require(page, "listing finished products");
        for (JsonNode good : page.body().path("goods")) {
            String goodId = good.path("id").asText();
            if (!"PASS".equals(good.path("quality").asText()) || offered.containsKey(goodId) || done.contains(goodId)) {
                continue;
            }
            GatewayApi.Answer answer = manufacturer.post(
                    "/api/goods/" + goodId + "/transfer",
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("toOrg", policy.retailerMsp())
                            .put("eventId", "ship-" + goodId));
            if (answer.ok()) {
                shipped++;
                offered.put(goodId, 0);
            } else {
                // Offered by a person already, or no longer active: nothing for this desk to do.
                refusal(goodId, answer);
                done.add(goodId);
            }
        }
    }

    private void accept() throws IOException {
        for (String goodId : Set.copyOf(offered.keySet())) {
            if (!policy.accepts().test(goodId)) {
                // Left for a person at the retailer.
                offered.remove(goodId);
                done.add(goodId);
                continue;
            }
            GatewayApi.Answer answer = retailer.post(
                    "/api/goods/" + goodId + "/transfer/accept",
                    JsonNodeFactory.instance.objectNode().put("eventId", "accept-" + goodId));
            int attempts = offered.merge(goodId, 1, Integer::sum);
            if (answer.ok()) {
                accepted++;
                offered.remove(goodId);
                done.add(goodId);
                received.add(goodId);
            } else if (answer.status() != 409 || attempts >= ACCEPT_ATTEMPTS) {
                // 409 a few rounds running: a person decided the offer, or the good moved on.
                refusal(goodId, answer);
                offered.remove(goodId);
                done.add(goodId);
            }
            // A first 409: the retailer's peer may not have the offer yet; tried again next round.
        }
    }

    private void recall() throws IOException {
        for (String goodId : Set.copyOf(received)) {
            received.remove(goodId);
            if (!policy.recalls().test(goodId)) {
                continue;
            }
            GatewayApi.Answer answer = manufacturer.post(
                    "/api/goods/" + goodId + "/recall",
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("reason", policy.recallReason())
                            .put("eventId", "recall-" + goodId));
            if (answer.ok()) {
                recalled++;
            } else {
                refusal(goodId, answer);
            }
        }
    }

    private void refusal(String goodId, GatewayApi.Answer answer) {
        refused++;
        lastRefusal = goodId + ": " + answer.status() + " "
                + answer.body().path("detail").asText(answer.body().toString());
    }

    private static void require(GatewayApi.Answer answer, String what) throws IOException {
        if (!answer.ok()) {
            throw new IOException(what + " failed: " + answer.status() + " " + answer.body());
        }
    }
}

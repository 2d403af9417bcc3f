package dev.robotledger.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ProductionEventId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Payloads of production events as a robot signs them (COMPONENT_PRODUCED, ASSEMBLED, QUALITY_CHECK).
 * A check or an assembly names the production of each good it refers to ({@code producedBy}): the
 * last production of that good id a {@link TestRobot} signed in this JVM, or, for a good no test
 * robot made, an event id no production has.
 */
public final class ProductionPayloads {

    private static final Map<String, String> PRODUCTIONS = new ConcurrentHashMap<>();

    private ProductionPayloads() {}

    /** A COMPONENT_PRODUCED payload, and the product half of an assembly. */
    public static ObjectNode component(String goodId, String kind) {
        ObjectNode product = JsonNodeFactory.instance.objectNode();
        product.put("goodId", goodId)
                .put("kind", kind)
                .put("firmwareVersion", "fw-1.2")
                .put("energyWh", 3.5);
        product.putObject("processParameters").put("weld.current.a", 120.5);
        return product;
    }

    public static ObjectNode assembly(String goodId, String... partIds) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.set("product", component(goodId, "assembly"));
        for (String partId : partIds) {
            payload.withArray("parts").addObject().put("goodId", partId).put("producedBy", producedBy(partId));
        }
        return payload;
    }

    /** A passed dimensional check with one measurement. */
    public static ObjectNode check(String goodId) {
        ObjectNode check = JsonNodeFactory.instance.objectNode();
        check.put("goodId", goodId)
                .put("producedBy", producedBy(goodId))
                .put("checkType", "dimensional")
                .put("result", "PASS");
        check.putObject("measurements").put("length.mm", 120.02);
        return check;
    }

    /** The event id of the last signed production of {@code goodId}. */
    public static String producedBy(String goodId) {
        return PRODUCTIONS.getOrDefault(goodId, "production-never-made-" + goodId);
    }

    /** Remembers the production a signed event records, if it is one. */
    static void signed(Envelope envelope) {
        JsonNode payload = envelope.payload();
        JsonNode goodId = envelope.type() == MessageType.ASSEMBLED
                ? payload.path("product").path("goodId")
                : envelope.type() == MessageType.COMPONENT_PRODUCED ? payload.path("goodId") : null;
        if (goodId != null && goodId.isTextual()) {
            PRODUCTIONS.put(goodId.textValue(), ProductionEventId.of(envelope));
        }
    }
}

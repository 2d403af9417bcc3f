package dev.robotledger.gateway.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Payloads of production events as a robot signs them (COMPONENT_PRODUCED, ASSEMBLED, QUALITY_CHECK). */
public final class ProductionPayloads {

    private ProductionPayloads() {
    }

    /** A COMPONENT_PRODUCED payload, and the product half of an assembly. */
    public static ObjectNode component(String goodId, String kind) {
        ObjectNode product = JsonNodeFactory.instance.objectNode();
        product.put("goodId", goodId).put("kind", kind).put("firmwareVersion", "fw-1.2").put("energyWh", 3.5);
        product.putObject("processParameters").put("weld.current.a", 120.5);
        return product;
    }

    public static ObjectNode assembly(String goodId, String... partIds) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.set("product", component(goodId, "assembly"));
        for (String partId : partIds) {
            payload.withArray("partIds").add(partId);
        }
        return payload;
    }

    /** A passed dimensional check with one measurement. */
    public static ObjectNode check(String goodId) {
        ObjectNode check = JsonNodeFactory.instance.objectNode();
        check.put("goodId", goodId).put("checkType", "dimensional").put("result", "PASS");
        check.putObject("measurements").put("length.mm", 120.02);
        return check;
    }
}

package dev.robotledger.agent.mqtt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.RobotAgent;
import java.io.IOException;
import java.util.Map;

/** Test data: plausible readings and events. */
final class Robots {

    private Robots() {}

    static void recordReadings(RobotAgent agent, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            agent.recordReading(
                    System.currentTimeMillis(), Map.of("temp.c", 20.0 + i % 7, "torque_nm", 3.5), 0.25, 900 + i % 50);
        }
    }

    static ObjectNode componentPayload(String componentId) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("componentId", componentId)
                .put("station", "st-4");
    }
}

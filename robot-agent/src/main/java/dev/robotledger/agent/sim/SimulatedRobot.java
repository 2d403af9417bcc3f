package dev.robotledger.agent.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.sequence.SequenceCounter;
import dev.robotledger.contract.Sgtin;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ProductionEventId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * One simulated robot's readings and production on a {@link RobotAgent}: every
 * {@code eventsEvery} readings a production step: a part made and inspected, and after every two
 * parts an assembly of them, inspected too. The agent names the telemetry window of each
 * production, and every good gets a passed check, so a simulated product can be eligible as
 * collateral. Checks and assemblies name the production of each good they refer to
 * ({@code producedBy}).
 *
 * <p>A good has a GS1 identity ({@link SimulatedGoods}): a GTIN per kind and the serial
 * {@code <robotId>.<step>}, its id the SGTIN's EPC URI. Step numbers come from a
 * {@link SequenceCounter} in the robot's state folder, so a restarted simulator never makes a
 * serial twice.
 */
public final class SimulatedRobot {

    private static final int PARTS_PER_ASSEMBLY = 2;
    private static final int STEP_BLOCK = 100;

    private final RobotAgent agent;
    private final long eventsEvery;
    private final SequenceCounter steps;
    private final SimulatedGoods goods;
    private long generated;
    private long events;
    // Parts made since the last assembly: good id -> the event id of its production.
    private final Map<String, String> recentParts = new LinkedHashMap<>();

    private SimulatedRobot(RobotAgent agent, long eventsEvery, SequenceCounter steps, SimulatedGoods goods) {
        this.agent = agent;
        this.eventsEvery = eventsEvery;
        this.steps = steps;
        this.goods = goods;
    }

    /**
     * A simulated robot on {@code agent}, whose production steps are counted in {@code stateDir},
     * making goods with GTINs of the GS1 company prefix {@code gs1CompanyPrefix}.
     */
    public static SimulatedRobot start(RobotAgent agent, Path stateDir, long eventsEvery, String gs1CompanyPrefix)
            throws IOException {
        SimulatedGoods goods = new SimulatedGoods(agent.identity().robotId(), gs1CompanyPrefix);
        return new SimulatedRobot(agent, eventsEvery,
                SequenceCounter.open(stateDir.resolve("production-step.seq"), STEP_BLOCK, 0), goods);
    }

    public RobotAgent agent() {
        return agent;
    }

    /** Readings recorded so far. */
    public long generated() {
        return generated;
    }

    /** Production events (goods made, assemblies, quality checks) published so far. */
    public long events() {
        return events;
    }

    /** Records readings until {@code due} of them were recorded, with a production step every {@code eventsEvery}. */
    public void generateUpTo(long due) throws IOException {
        while (generated < due) {
            long n = generated++;
            agent.recordReading(System.currentTimeMillis(),
                    Map.of("temp.c", 40 + 5 * Math.sin(n / 50.0), "torque.nm", 12 + (n % 17) / 10.0,
                            "vibration.mm_s", 0.8 + (n % 5) / 20.0),
                    0.05 + (n % 11) / 1000.0, 800 + n % 90);
            if (eventsEvery > 0 && generated % eventsEvery == 0) {
                productionStep();
            }
        }
    }

    // Payloads shaped like the chaincode's ProductionReport / AssemblyReport / quality check.
    private void productionStep() throws IOException {
        long n = steps.next();
        String goodId;
        if (recentParts.size() < PARTS_PER_ASSEMBLY) {
            Sgtin part = goods.item("bracket", n);
            goodId = part.epcUri();
            String producedBy = publish(MessageType.COMPONENT_PRODUCED, product(part, "bracket").put("lot", goods.lot(n)));
            recentParts.put(goodId, producedBy);
            publish(MessageType.QUALITY_CHECK, check(goodId, producedBy, "surface", "roughness.um", 0.8));
        } else {
            Sgtin assembly = goods.item("assembly", n);
            goodId = assembly.epcUri();
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            payload.set("product", product(assembly, "assembly"));
            ArrayNode parts = payload.putArray("parts");
            recentParts.forEach((partId, producedBy) -> parts.addObject().put("goodId", partId)
                    .put("producedBy", producedBy));
            recentParts.clear();
            String producedBy = publish(MessageType.ASSEMBLED, payload);
            publish(MessageType.QUALITY_CHECK, check(goodId, producedBy, "dimensional", "length.mm", 120.02));
        }
    }

    /** Publishes an event and answers its ledger event id, which later events about its good name. */
    private String publish(MessageType type, ObjectNode payload) throws IOException {
        Envelope signed;
        try {
            signed = agent.publishEvent(type, payload).join();
        } catch (CompletionException e) {
            throw new IOException("robot " + agent.identity().robotId() + " could not sign its " + type, e.getCause());
        }
        events++;
        return ProductionEventId.of(signed);
    }

    private static ObjectNode product(Sgtin item, String kind) {
        ObjectNode product = JsonNodeFactory.instance.objectNode();
        product.put("goodId", item.epcUri()).put("gtin", item.gtin()).put("serial", item.serial()).put("kind", kind).put("firmwareVersion", "sim-1.0").put("energyWh", 3.2);
        product.putObject("processParameters").put("weld.current.a", 120.5);
        return product;
    }

    private static ObjectNode check(String goodId, String producedBy, String checkType, String measurement,
                                    double value) {
        ObjectNode check = JsonNodeFactory.instance.objectNode();
        check.put("goodId", goodId).put("producedBy", producedBy).put("checkType", checkType).put("result", "PASS");
        check.putObject("measurements").put(measurement, value);
        return check;
    }

    /** Closes the agent, reporting rather than throwing a failure: for shutting many robots down. */
    public void closeQuietly() {
        try {
            steps.close();
            agent.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("closing " + agent.identity().robotId() + " failed: " + e);
        }
    }
}

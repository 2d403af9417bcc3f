package dev.robotledger.agent.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.agent.RobotAgent;
import dev.robotledger.agent.sequence.SequenceCounter;
import dev.robotledger.agent.sim.ProductionLine.MadeGood;
import dev.robotledger.contract.Sgtin;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ProductionEventId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * One simulated robot's readings and production on a {@link RobotAgent}: every {@code eventsEvery}
 * readings a production step at its place on the {@link ProductionLine}. At a step the robot makes
 * the highest good of its stages it has the inputs for (a product of two assemblies, an assembly
 * of two brackets, or a bracket from raw material) and inspects it; a robot with no inputs waits
 * for the next step. The agent names the telemetry window of each production; checks and
 * assemblies name the production of each good they refer to ({@code producedBy}). A good that
 * fails its inspection is quarantined on the ledger and never consumed.
 *
 * <p>A good has a GS1 identity ({@link SimulatedGoods}): a GTIN per kind and the serial
 * {@code <robotId>.<step>}, its id the SGTIN's EPC URI. Step numbers come from a
 * {@link SequenceCounter} in the robot's state folder, so a restarted simulator never makes a
 * serial twice.
 */
public final class SimulatedRobot {

    private static final int STEP_BLOCK = 100;

    private final RobotAgent agent;
    private final long eventsEvery;
    private final SequenceCounter steps;
    private final SimulatedGoods goods;
    private final ProductionLine line;
    private final List<Stage> stages;
    private long generated;
    private long events;
    private long failedChecks;
    private long lastReadingMillis;

    private SimulatedRobot(
            RobotAgent agent, long eventsEvery, SequenceCounter steps, SimulatedGoods goods, ProductionLine line) {
        this.agent = agent;
        this.eventsEvery = eventsEvery;
        this.steps = steps;
        this.goods = goods;
        this.line = line;
        this.stages = line.stagesOf(agent.identity().robotId());
    }

    /**
     * A robot working a cell of its own ({@link ProductionLine#cell}: brackets, their assemblies and
     * products of those), every good passing its inspection; its production steps are counted in
     * {@code stateDir}, its goods get GTINs of the GS1 company prefix {@code gs1CompanyPrefix}.
     */
    public static SimulatedRobot start(RobotAgent agent, Path stateDir, long eventsEvery, String gs1CompanyPrefix)
            throws IOException {
        return start(
                agent,
                stateDir,
                eventsEvery,
                gs1CompanyPrefix,
                ProductionLine.cell(agent.identity().robotId(), 0));
    }

    /** A robot at its place on {@code line}. */
    public static SimulatedRobot start(
            RobotAgent agent, Path stateDir, long eventsEvery, String gs1CompanyPrefix, ProductionLine line)
            throws IOException {
        SimulatedGoods goods = new SimulatedGoods(agent.identity().robotId(), gs1CompanyPrefix);
        return new SimulatedRobot(
                agent,
                eventsEvery,
                SequenceCounter.open(stateDir.resolve("production-step.seq"), STEP_BLOCK, 0),
                goods,
                line);
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

    /** Inspections published with the result FAIL so far. */
    public long failedChecks() {
        return failedChecks;
    }

    /** Records readings until {@code due} of them were recorded, with a production step every {@code eventsEvery}. */
    public void generateUpTo(long due) throws IOException {
        while (generated < due) {
            long n = generated++;
            lastReadingMillis = System.currentTimeMillis();
            agent.recordReading(
                    lastReadingMillis,
                    Map.of(
                            "temp.c",
                            40 + 5 * Math.sin(n / 50.0),
                            "torque.nm",
                            12 + (n % 17) / 10.0,
                            "vibration.mm_s",
                            0.8 + (n % 5) / 20.0),
                    0.05 + (n % 11) / 1000.0,
                    800 + n % 90);
            if (eventsEvery > 0 && generated % eventsEvery == 0) {
                productionStep();
            }
        }
    }

    private void productionStep() throws IOException {
        for (Stage stage : stages) {
            if (stage.input() == null) {
                make(stage, List.of());
                return;
            }
            Optional<List<MadeGood>> inputs = line.take(stage, agent.identity().robotId(), lastReadingMillis);
            if (inputs.isPresent()) {
                make(stage, inputs.get());
                return;
            }
        }
    }

    // Payloads shaped like the chaincode's ProductionReport / AssemblyReport / quality check.
    private void make(Stage stage, List<MadeGood> inputs) throws IOException {
        long n = steps.next();
        Sgtin item = goods.item(stage.kind(), n);
        String goodId = item.epcUri();
        String producedBy;
        if (inputs.isEmpty()) {
            producedBy = publish(
                    MessageType.COMPONENT_PRODUCED, product(item, stage.kind()).put("lot", goods.lot(n)));
        } else {
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            payload.set("product", product(item, stage.kind()));
            ArrayNode parts = payload.putArray("parts");
            inputs.forEach(
                    input -> parts.addObject().put("goodId", input.goodId()).put("producedBy", input.producedBy()));
            producedBy = publish(MessageType.ASSEMBLED, payload);
        }
        boolean passes = line.passes(goodId);
        if (passes) {
            // Into stock before the check is published: its acknowledgement may come at once.
            line.passed(new MadeGood(goodId, producedBy, agent.identity().robotId(), stage));
        } else {
            failedChecks++;
        }
        publish(MessageType.QUALITY_CHECK, check(goodId, producedBy, stage, passes));
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
        product.put("goodId", item.epcUri())
                .put("gtin", item.gtin())
                .put("serial", item.serial())
                .put("kind", kind)
                .put("firmwareVersion", "sim-1.0")
                .put("energyWh", 3.2);
        product.putObject("processParameters").put("weld.current.a", 120.5);
        return product;
    }

    // A failed inspection measures 8 % off the nominal value.
    private static ObjectNode check(String goodId, String producedBy, Stage stage, boolean passes) {
        ObjectNode check = JsonNodeFactory.instance.objectNode();
        check.put("goodId", goodId)
                .put("producedBy", producedBy)
                .put("checkType", stage.checkType())
                .put("result", passes ? "PASS" : "FAIL");
        check.putObject("measurements").put(stage.measurement(), passes ? stage.measured() : stage.measured() * 1.08);
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

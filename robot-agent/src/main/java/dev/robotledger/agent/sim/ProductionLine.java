package dev.robotledger.agent.sim;

import dev.robotledger.agent.outbox.OutboxEntry;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.topic.Topic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated factory: which robots work which {@link Stage} (part makers, sub-assembly, final
 * assembly), which goods pass their inspection, and the stock between the stages.
 *
 * <p>A good joins its stage's stock only when it passed its inspection, so a failed good is never
 * consumed. A robot may take its own goods at once (its outbox keeps its events in order), but
 * another robot's only once the broker acknowledged that good's inspection, and only at a step
 * after a reading recorded later than that acknowledgement: the gateway then journals the good's
 * production and check before the assembly that consumes it, and the assembly's production time
 * (its telemetry window's, signed after that reading) is not earlier than the good's.
 *
 * <p>Whether a good passes is a function of its id and the fail rate, so a restarted simulator
 * decides the same. Thread-safe: robots step on the simulator's thread, acknowledgements arrive on
 * the MQTT threads.
 */
public final class ProductionLine {

    /** A good that passed its inspection: its id, the event id of its production, the robot that made it. */
    public record MadeGood(String goodId, String producedBy, String madeBy, Stage stage) {}

    // Goods a stage keeps waiting; older ones leave the line as spares (they stay ACTIVE on the ledger).
    static final int STOCK_LIMIT = 200;

    private final Map<String, List<Stage>> stagesByRobot;
    private final double failRate;
    private final Map<Stage, Deque<Stocked>> stock = new EnumMap<>(Stage.class);
    // Passed goods whose inspection the broker has not acknowledged yet, by good id.
    private final Map<String, Stocked> awaitingAcknowledgement = new HashMap<>();

    private static final class Stocked {
        final MadeGood good;
        long acknowledgedAtMillis = -1;

        Stocked(MadeGood good) {
            this.good = good;
        }
    }

    private ProductionLine(Map<String, List<Stage>> stagesByRobot, double failRate) {
        if (!(failRate >= 0 && failRate <= 1)) {
            throw new IllegalArgumentException("the quality fail rate must lie in [0, 1], was " + failRate);
        }
        this.stagesByRobot = stagesByRobot;
        this.failRate = failRate;
        for (Stage stage : Stage.values()) {
            stock.put(stage, new ArrayDeque<>());
        }
    }

    /**
     * A line of these robots, in order: about a sixth on final assembly, a third on sub-assembly, the
     * rest making parts (one robot does all three; of two, the first assembles both levels). A
     * fraction {@code failRate} of the goods fails its inspection.
     */
    public static ProductionLine of(List<String> robotIds, double failRate) {
        int n = robotIds.size();
        Map<String, List<Stage>> stages = new LinkedHashMap<>();
        if (n == 1) {
            stages.put(robotIds.get(0), List.of(Stage.PRODUCT, Stage.SUB_ASSEMBLY, Stage.PART));
        } else if (n == 2) {
            stages.put(robotIds.get(0), List.of(Stage.PRODUCT, Stage.SUB_ASSEMBLY));
            stages.put(robotIds.get(1), List.of(Stage.PART));
        } else {
            int finalAssembly = Math.max(1, n / 6);
            int subAssembly = Math.max(1, n / 3);
            for (int i = 0; i < n; i++) {
                Stage stage = i < finalAssembly
                        ? Stage.PRODUCT
                        : i < finalAssembly + subAssembly ? Stage.SUB_ASSEMBLY : Stage.PART;
                stages.put(robotIds.get(i), List.of(stage));
            }
        }
        return new ProductionLine(stages, failRate);
    }

    /** One robot making parts, assembling them and assembling the assemblies: a cell of its own. */
    public static ProductionLine cell(String robotId, double failRate) {
        return of(List.of(robotId), failRate);
    }

    /** The stages a robot works, the highest first: at a step it makes the highest good it has the inputs for. */
    public List<Stage> stagesOf(String robotId) {
        List<Stage> stages = stagesByRobot.get(robotId);
        if (stages == null) {
            throw new IllegalArgumentException("robot " + robotId + " has no place on this line");
        }
        return stages;
    }

    /** Whether the inspection of this good passes; the same answer for the same good id, every run. */
    public boolean passes(String goodId) {
        return !IdShare.contains(failRate, goodId);
    }

    /** A good that passed its inspection, before that inspection is published. */
    public synchronized void passed(MadeGood good) {
        Stocked stocked = new Stocked(good);
        Deque<Stocked> goods = stock.get(good.stage());
        goods.addLast(stocked);
        awaitingAcknowledgement.put(good.goodId(), stocked);
        while (goods.size() > STOCK_LIMIT) {
            awaitingAcknowledgement.remove(goods.removeFirst().good.goodId());
        }
    }

    /** The broker acknowledged an envelope (on an MQTT thread): a good's inspection makes it available. */
    public void acknowledged(OutboxEntry entry, long atMillis) {
        if (!entry.topic().endsWith("/" + Topic.Channel.EVENT.segment())) {
            return;
        }
        Envelope envelope = Envelope.parse(entry.payload(), Envelope.DEFAULT_MAX_BYTES);
        if (envelope.type() == MessageType.QUALITY_CHECK) {
            acknowledged(
                    envelope.payload().path("goodId").asText(),
                    envelope.payload().path("producedBy").asText(),
                    atMillis);
        }
    }

    synchronized void acknowledged(String goodId, String producedBy, long atMillis) {
        Stocked stocked = awaitingAcknowledgement.get(goodId);
        // The same good id with another production is another good: its check says nothing of this one.
        if (stocked != null && stocked.good.producedBy().equals(producedBy)) {
            awaitingAcknowledgement.remove(goodId);
            stocked.acknowledgedAtMillis = atMillis;
        }
    }

    /**
     * The inputs of one good of {@code stage} for {@code robotId}, oldest first, taken out of stock;
     * empty when there are not enough. {@code lastReadingMillis}: when the robot recorded the reading
     * just before this step.
     */
    public synchronized Optional<List<MadeGood>> take(Stage stage, String robotId, long lastReadingMillis) {
        Stage input = stage.input();
        if (input == null) {
            throw new IllegalArgumentException(stage + " consumes nothing");
        }
        List<Stocked> chosen = new ArrayList<>();
        for (Stocked stocked : stock.get(input)) {
            boolean usable = stocked.good.madeBy().equals(robotId)
                    || stocked.acknowledgedAtMillis >= 0 && stocked.acknowledgedAtMillis < lastReadingMillis;
            if (usable) {
                chosen.add(stocked);
                if (chosen.size() == stage.inputsPerGood()) {
                    break;
                }
            }
        }
        if (chosen.size() < stage.inputsPerGood()) {
            return Optional.empty();
        }
        for (Iterator<Stocked> it = stock.get(input).iterator(); it.hasNext(); ) {
            Stocked stocked = it.next();
            if (chosen.contains(stocked)) {
                it.remove();
                awaitingAcknowledgement.remove(stocked.good.goodId());
            }
        }
        return Optional.of(
                Collections.unmodifiableList(chosen.stream().map(s -> s.good).toList()));
    }

    /** Goods of a stage waiting to be consumed. */
    public synchronized int inStock(Stage stage) {
        return stock.get(stage).size();
    }
}

package dev.robotledger.agent.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints one line per report: readings and their rate, events, acknowledged envelopes, backlog. */
final class Progress {

    private final PrintStream out;
    private final List<SimulatedRobot> robots;
    private final long start = System.nanoTime();
    private long lastReadings;
    private long lastAt = start;

    Progress(PrintStream out, List<SimulatedRobot> robots) {
        this.out = out;
        this.robots = robots;
    }

    void report() {
        long now = System.nanoTime();
        long readings = readings();
        double seconds = (now - lastAt) / 1e9;
        out.printf(
                Locale.ROOT,
                "t=%5.1fs readings=%d (%.0f/s) events=%d acked=%d backlog=%d connected=%d/%d%n",
                (now - start) / 1e9,
                readings,
                seconds > 0 ? (readings - lastReadings) / seconds : 0.0,
                events(),
                robots.stream().mapToLong(r -> r.agent().delivered()).sum(),
                robots.stream().mapToLong(r -> r.agent().backlog()).sum(),
                robots.stream().filter(r -> r.agent().isConnected()).count(),
                robots.size());
        lastReadings = readings;
        lastAt = now;
    }

    long readings() {
        return robots.stream().mapToLong(SimulatedRobot::generated).sum();
    }

    long events() {
        return robots.stream().mapToLong(SimulatedRobot::events).sum();
    }
}

package dev.robotledger.agent.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which simulated robots a command works on, and where their state lives. */
final class RobotSelection {

    @Option(
            names = "--robots",
            defaultValue = "10",
            description = "Number of simulated robots (default ${DEFAULT-VALUE}).")
    int robots;

    @Option(
            names = "--id-prefix",
            defaultValue = "robot-",
            description = "Robot ids are this prefix plus a 3-digit number (default ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(
            names = "--site",
            defaultValue = "s1",
            description = "Site in the topic namespace (default ${DEFAULT-VALUE}).")
    String site;

    @Option(
            names = "--line",
            defaultValue = "l1",
            description = "Line in the topic namespace (default ${DEFAULT-VALUE}).")
    String line;

    @Option(
            names = "--state-dir",
            defaultValue = "robot-state",
            description =
                    "Directory holding one sub-directory (keys, counters, outbox) per robot (default ${DEFAULT-VALUE}).")
    Path stateDir;

    List<String> robotIds() {
        if (robots < 1) {
            throw new IllegalArgumentException("--robots must be at least 1, got " + robots);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= robots; i++) {
            ids.add(idPrefix + String.format("%03d", i));
        }
        return ids;
    }

    Path stateOf(String robotId) {
        return stateDir.resolve(robotId);
    }
}

package dev.robotledger.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorOptionsTest {

    @TempDir
    Path dir;

    @Test
    void readsRatesPerSecondOrPerMinute() {
        assertThat(Rate.parse("200/s").perSecond()).isEqualTo(200);
        assertThat(Rate.parse("6000/min").perSecond()).isEqualTo(100);
        assertThat(Rate.parse("50").perSecond()).isEqualTo(50);
        assertThat(Rate.parse("200/s").readingsAfter(1_500_000_000L)).isEqualTo(300);
        assertThatThrownBy(() -> Rate.parse("fast")).hasMessageContaining("fast");
        assertThatThrownBy(() -> Rate.parse("5/week")).hasMessageContaining("week");
        assertThatThrownBy(() -> Rate.parse("0/s")).hasMessageContaining("positive");
    }

    @Test
    void readsShortAndIsoDurations() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void takesDefaultsFromThePropertiesFileAndLetsFlagsWin() throws Exception {
        Path config = dir.resolve("sim.properties");
        Files.writeString(config, "robots=7\nrate=300/s\nwindow-readings=20\nbroker=tcp://10.0.0.1:1883\n");
        String[] args = {"--config", config.toString(), "--robots", "3"};
        CommandLine commandLine = Simulator.commandLine(new PrintStream(new ByteArrayOutputStream()), args);
        commandLine.parseArgs(args);
        Simulator simulator = commandLine.getCommand();
        assertThat(simulator.selection.robots).isEqualTo(3);
        assertThat(simulator.rate.perSecond()).isEqualTo(300);
        assertThat(simulator.windowReadings).isEqualTo(20);
        assertThat(simulator.broker).isEqualTo("tcp://10.0.0.1:1883");
        assertThat(simulator.eventsEvery).isEqualTo(500);
    }

    @Test
    void numbersRobotIdsWithThePrefix() {
        RobotSelection selection = new RobotSelection();
        selection.robots = 3;
        selection.idPrefix = "arm-";
        assertThat(selection.robotIds()).containsExactly("arm-001", "arm-002", "arm-003");
    }
}

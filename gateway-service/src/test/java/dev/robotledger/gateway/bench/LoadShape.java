package dev.robotledger.gateway.bench;

import picocli.CommandLine.Option;

/**
 * How the benchmarks' simulated robots publish, the same options in every benchmark that drives
 * ingestion (picocli mixin).
 */
final class LoadShape {

    @Option(names = "--robots", defaultValue = "20", description = "Simulated robots (default ${DEFAULT-VALUE}).")
    int robots;

    @Option(
            names = "--publishers",
            defaultValue = "4",
            description = "MQTT connections the robots share; a robot stays on one (default ${DEFAULT-VALUE}).")
    int publishers;

    @Option(
            names = "--window-readings",
            defaultValue = "100",
            description = "Readings per signed window (default ${DEFAULT-VALUE}).")
    int windowReadings;
}

package dev.robotledger.gateway.bench;

import dev.robotledger.gateway.bench.ProcessStats.Usage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU seconds and peak resident memory per named process, sampled every second, for processes
 * that come and go (a gateway restarted, one simulator per step) and processes a script started
 * (the Fabric nodes): each name's CPU is what its processes used while watched, summed over them.
 * This JVM's own PostgreSQL and Mosquitto processes count under their program's name.
 */
final class ProcessUsage implements AutoCloseable {

    /** What one name used while watched: CPU seconds, peak resident megabytes. */
    record Used(double cpuSeconds, long peakResidentMegabytes) {}

    private static final Set<String> SERVERS = Set.of("postgres", "mosquitto");

    private final Map<String, Long> watched = new ConcurrentHashMap<>();
    // Per "name/pid": the CPU seconds at the first and the latest sample.
    private final Map<String, Double> firstCpu = new ConcurrentHashMap<>();
    private final Map<String, Double> lastCpu = new ConcurrentHashMap<>();
    private final Map<String, Long> peakResident = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "process-usage");
        thread.setDaemon(true);
        return thread;
    });

    ProcessUsage() {
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** Counts {@code pid} and its descendants under {@code name} from now on (a later pid replaces it). */
    void watch(String name, long pid) {
        watched.put(name, pid);
        sample();
    }

    void watchAll(Map<String, Long> pidsByName) {
        pidsByName.forEach(this::watch);
    }

    private synchronized void sample() {
        Map<String, Usage> current = new TreeMap<>();
        watched.forEach((name, pid) -> ProcessStats.sampleTrees(Map.of(name, pid))
                .forEach((n, usage) -> {
                    record(name + "/" + pid, usage);
                    current.merge(name, usage, Usage::plus);
                }));
        List<ProcessHandle> children;
        try (Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()) {
            children = descendants.toList();
        }
        for (ProcessHandle child : children) {
            ProcessStats.read(child.pid())
                    .filter(entry -> SERVERS.contains(entry.getKey()))
                    .ifPresent(entry -> {
                        record(entry.getKey() + "/" + child.pid(), entry.getValue());
                        current.merge(entry.getKey(), entry.getValue(), Usage::plus);
                    });
        }
        current.forEach((name, usage) -> peakResident.merge(name, usage.residentBytes(), Math::max));
    }

    private void record(String key, Usage usage) {
        firstCpu.putIfAbsent(key, usage.cpuSeconds());
        lastCpu.put(key, usage.cpuSeconds());
    }

    /** Everything watched so far, by name. */
    synchronized Map<String, Used> used() {
        sample();
        Map<String, Double> cpu = new TreeMap<>();
        lastCpu.forEach((key, last) ->
                cpu.merge(key.substring(0, key.lastIndexOf('/')), last - firstCpu.get(key), Double::sum));
        Map<String, Used> used = new TreeMap<>();
        cpu.forEach((name, seconds) -> used.put(
                name, new Used(Math.round(seconds * 10) / 10.0, peakResident.getOrDefault(name, 0L) / (1024 * 1024))));
        return used;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}

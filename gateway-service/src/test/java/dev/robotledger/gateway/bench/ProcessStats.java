package dev.robotledger.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of this JVM's child processes, grouped by program (gateway JVM,
 * mosquitto, postgres with its backends), read from /proc. Linux only, like the rest of the stack.
 */
final class ProcessStats {

    /** Clock ticks per second of /proc/[pid]/stat's utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private static final long PAGE_BYTES = 4096;

    private ProcessStats() {}

    /** One program's processes at one moment: CPU seconds used so far and resident bytes now. */
    record Usage(double cpuSeconds, long residentBytes) {
        Usage plus(Usage other) {
            return new Usage(cpuSeconds + other.cpuSeconds, residentBytes + other.residentBytes);
        }
    }

    /** Usage per program name ({@code /proc/[pid]/comm}) over every live descendant of this JVM. */
    static Map<String, Usage> sample() {
        Map<String, Usage> byProgram = new TreeMap<>();
        List<ProcessHandle> children;
        try (Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()) {
            children = descendants.toList();
        }
        for (ProcessHandle process : children) {
            read(process.pid()).ifPresent(entry -> byProgram.merge(entry.getKey(), entry.getValue(), Usage::plus));
        }
        return byProgram;
    }

    /**
     * Usage per named process tree: each name's recorded pid with its live descendants, e.g. the
     * Fabric nodes a script started (their pid files), which are not this JVM's children.
     */
    static Map<String, Usage> sampleTrees(Map<String, Long> rootPids) {
        Map<String, Usage> byName = new TreeMap<>();
        rootPids.forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(root -> {
            List<ProcessHandle> tree;
            try (Stream<ProcessHandle> descendants = root.descendants()) {
                tree = Stream.concat(Stream.of(root), descendants).toList();
            }
            for (ProcessHandle process : tree) {
                read(process.pid()).ifPresent(entry -> byName.merge(name, entry.getValue(), Usage::plus));
            }
        }));
        return byName;
    }

    /** One process's program name and usage; empty when it is gone. */
    static Optional<Map.Entry<String, Usage>> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The program name is in parentheses and may contain spaces: fields start after the last ')'.
            int close = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, close);
            String[] fields = stat.substring(close + 2).split(" ");
            // After the name: state is field 3 of proc(5); utime 14, stime 15, rss 24 (in pages).
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rssPages = Long.parseLong(fields[21]);
            return Optional.of(Map.entry(name, new Usage(ticks / TICKS_PER_SECOND, rssPages * PAGE_BYTES)));
        } catch (IOException | RuntimeException processGone) {
            return Optional.empty();
        }
    }
}

package dev.robotledger.gateway.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a fault-suite run did and what the checker found, printed as text and written as JSON.
 *
 * @param mode        {@code short} (the {@code mvn verify} form) or {@code soak}
 * @param seed        of the random part of the plan, to run the same plan again
 * @param ranSeconds  from the first reading to the final check
 * @param faults      every injected fault in order
 */
record FaultReport(String mode, long seed, long ranSeconds, int robots, double readingsPerSecond,
                   List<InjectedFault> faults, Map<FaultKind, KindSummary> byKind, JournalChecker.Verdict verdict,
                   Map<String, String> notInjected) {

    /** Issue 8's ledger faults, which cannot be injected without a Fabric network. */
    static final Map<String, String> NOT_INJECTED = Map.of(
            "PEER_RESTART", "no Fabric peer can run here (its binaries cannot be obtained) and the gateway has no ledger adapter",
            "ORDERER_RESTART", "no Fabric orderer can run here (its binaries cannot be obtained)",
            "CHAINCODE_RESTART", "the chaincode runs only as a service of a Fabric peer, which cannot run here");

    /**
     * One fault.
     *
     * @param atSecond       when it was injected, from the start of the run
     * @param outageMillis   from injection until the failed part was back (or the link restored)
     * @param recoveryMillis from injection until everything the robots had signed when the part
     *                       was back was journaled
     */
    record InjectedFault(FaultKind kind, long atSecond, long outageMillis, long recoveryMillis, String detail) {
    }

    record KindSummary(int injected, long minRecoveryMillis, long meanRecoveryMillis, long maxRecoveryMillis) {
    }

    static FaultReport of(String mode, long seed, long ranSeconds, int robots, double readingsPerSecond,
                          List<InjectedFault> faults, JournalChecker.Verdict verdict) {
        Map<FaultKind, KindSummary> byKind = new EnumMap<>(FaultKind.class);
        faults.stream().collect(Collectors.groupingBy(InjectedFault::kind)).forEach((kind, list) -> {
            var recoveries = list.stream().mapToLong(InjectedFault::recoveryMillis).summaryStatistics();
            byKind.put(kind, new KindSummary(list.size(), recoveries.getMin(), Math.round(recoveries.getAverage()),
                    recoveries.getMax()));
        });
        return new FaultReport(mode, seed, ranSeconds, robots, readingsPerSecond, List.copyOf(faults), byKind,
                verdict, NOT_INJECTED);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nFault suite (%s): %d robots, %.0f readings/s, %d faults in %d s, seed %d%n",
                mode, robots, readingsPerSecond, faults.size(), ranSeconds, seed));
        for (InjectedFault fault : faults) {
            out.append(String.format("  t=%4ds %-16s outage %6d ms, recovered after %6d ms  %s%n", fault.atSecond(),
                    fault.kind(), fault.outageMillis(), fault.recoveryMillis(), fault.detail()));
        }
        out.append("  recovery by kind (fault injected -> all signed by then journaled):\n");
        byKind.forEach((kind, summary) -> out.append(String.format("    %-16s x%-3d min %6d ms, mean %6d ms, max %6d ms%n",
                kind, summary.injected(), summary.minRecoveryMillis(), summary.meanRecoveryMillis(),
                summary.maxRecoveryMillis())));
        JournalChecker.Verdict v = verdict;
        out.append(String.format("  readings sent %d, acknowledged %d, lost %d, duplicated %d; events sent %d, acknowledged %d%n",
                v.readingsSent(), v.readingsAcknowledged(), v.readingsLost(), v.duplicatedReadings(), v.eventsSent(),
                v.eventsAcknowledged()));
        out.append(String.format("  envelopes acknowledged %d, journaled %d, lost %d, duplicated %d, journaled but never sent %d%n",
                v.envelopesAcknowledged(), v.envelopesJournaled(), v.envelopesLost(), v.duplicatedEnvelopes(),
                v.envelopesNeverSent()));
        out.append(String.format("  readings counted %d (mismatch %d), robot counter mismatches %d, dead letters %d, sequence gaps %d%n",
                v.readingsCounted(), v.readingCountMismatch(), v.robotCounterMismatches(), v.deadLetters(), v.sequenceGaps()));
        out.append("  not injected (ledger faults):\n");
        notInjected.forEach((kind, why) -> out.append(String.format("    %-17s %s%n", kind, why)));
        return out.toString();
    }

    void writeJson(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

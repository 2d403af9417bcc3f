package dev.robotledger.gateway.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a fault-suite run did and what the checkers found, printed as text and written as JSON.
 *
 * @param mode        {@code short} (the {@code mvn verify} form) or {@code soak}
 * @param seed        of the random part of the plan, to run the same plan again
 * @param ranSeconds  from the first reading to the final check
 * @param faults      every injected fault in order
 * @param ledgerKind  what the ledger was: a test double, not Fabric
 */
record FaultReport(
        String mode,
        long seed,
        long ranSeconds,
        int robots,
        double readingsPerSecond,
        List<InjectedFault> faults,
        Map<FaultKind, KindSummary> byKind,
        JournalChecker.Verdict verdict,
        String ledgerKind,
        LedgerChecker.Verdict ledger,
        Map<String, String> notInjected) {

    static final String LEDGER_KIND = "ledger: ContractPeer test double, not Fabric (one peer's Gateway, Deliver"
            + " and qscc services over TLS running the real contract in memory, with Fabric's commit rules;"
            + " no orderer, no endorsement policies, no other org's peer)";

    /** Issue 8's ledger faults that this suite cannot inject, and why. */
    static final Map<String, String> NOT_INJECTED = whyNotInjected();

    private static Map<String, String> whyNotInjected() {
        Map<String, String> why = new LinkedHashMap<>();
        why.put(
                "ORDERER_RESTART",
                "no Fabric orderer can run here (its binaries cannot be obtained) and the test double"
                        + " has none: it cuts and commits one block per transaction itself; nor Raft leader loss");
        why.put(
                "PEER_PROCESS_RESTART",
                "PEER_RESTART closes and reopens the double's port with its ledger kept in"
                        + " memory; a real peer process re-reading its on-disk ledger (and catching up from the orderer)"
                        + " is not shown");
        return why;
    }

    /**
     * One fault.
     *
     * @param atSecond             when it was injected, from the start of the run
     * @param outageMillis         from injection until the failed part was back (or the link restored)
     * @param recoveryMillis       from injection until everything the robots had signed when the part
     *                             was back was journaled
     * @param ledgerRecoveryMillis from injection until all of that was also committed on the ledger
     *                             (read by the ledger checker from the peer's blocks)
     */
    record InjectedFault(
            FaultKind kind,
            long atSecond,
            long outageMillis,
            long recoveryMillis,
            long ledgerRecoveryMillis,
            String detail) {}

    record KindSummary(
            int injected,
            long minRecoveryMillis,
            long meanRecoveryMillis,
            long maxRecoveryMillis,
            long minLedgerRecoveryMillis,
            long meanLedgerRecoveryMillis,
            long maxLedgerRecoveryMillis) {}

    static FaultReport of(
            String mode,
            long seed,
            long ranSeconds,
            int robots,
            double readingsPerSecond,
            List<InjectedFault> faults,
            JournalChecker.Verdict verdict,
            LedgerChecker.Verdict ledger) {
        Map<FaultKind, KindSummary> byKind = new EnumMap<>(FaultKind.class);
        faults.stream().collect(Collectors.groupingBy(InjectedFault::kind)).forEach((kind, list) -> {
            var journaled =
                    list.stream().mapToLong(InjectedFault::recoveryMillis).summaryStatistics();
            var onLedger =
                    list.stream().mapToLong(InjectedFault::ledgerRecoveryMillis).summaryStatistics();
            byKind.put(
                    kind,
                    new KindSummary(
                            list.size(),
                            journaled.getMin(),
                            Math.round(journaled.getAverage()),
                            journaled.getMax(),
                            onLedger.getMin(),
                            Math.round(onLedger.getAverage()),
                            onLedger.getMax()));
        });
        return new FaultReport(
                mode,
                seed,
                ranSeconds,
                robots,
                readingsPerSecond,
                List.copyOf(faults),
                byKind,
                verdict,
                LEDGER_KIND,
                ledger,
                NOT_INJECTED);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%nFault suite (%s): %d robots, %.0f readings/s, %d faults in %d s, seed %d%n",
                mode, robots, readingsPerSecond, faults.size(), ranSeconds, seed));
        out.append("  ").append(ledgerKind).append('\n');
        for (InjectedFault fault : faults) {
            out.append(String.format(
                    "  t=%4ds %-17s outage %6d ms, journaled after %6d ms, on the ledger after %6d ms  %s%n",
                    fault.atSecond(),
                    fault.kind(),
                    fault.outageMillis(),
                    fault.recoveryMillis(),
                    fault.ledgerRecoveryMillis(),
                    fault.detail()));
        }
        out.append("  recovery by kind (fault injected -> all signed by then journaled | on the ledger):\n");
        byKind.forEach((kind, s) -> out.append(String.format(
                "    %-17s x%-3d journaled min %6d, mean %6d, max %6d ms | ledger min %6d, mean %6d, max %6d ms%n",
                kind,
                s.injected(),
                s.minRecoveryMillis(),
                s.meanRecoveryMillis(),
                s.maxRecoveryMillis(),
                s.minLedgerRecoveryMillis(),
                s.meanLedgerRecoveryMillis(),
                s.maxLedgerRecoveryMillis())));
        JournalChecker.Verdict v = verdict;
        out.append("  journal (JournalChecker, plain JDBC):\n");
        out.append(String.format(
                "    readings sent %d, acknowledged %d, lost %d, duplicated %d; events sent %d, acknowledged %d%n",
                v.readingsSent(),
                v.readingsAcknowledged(),
                v.readingsLost(),
                v.duplicatedReadings(),
                v.eventsSent(),
                v.eventsAcknowledged()));
        out.append(String.format(
                "    envelopes acknowledged %d, journaled %d, lost %d, duplicated %d, journaled but never sent %d%n",
                v.envelopesAcknowledged(),
                v.envelopesJournaled(),
                v.envelopesLost(),
                v.duplicatedEnvelopes(),
                v.envelopesNeverSent()));
        out.append(String.format(
                "    readings counted %d (mismatch %d), robot counter mismatches %d, dead letters %d, sequence gaps %d%n",
                v.readingsCounted(),
                v.readingCountMismatch(),
                v.robotCounterMismatches(),
                v.deadLetters(),
                v.sequenceGaps()));
        LedgerChecker.Verdict l = ledger;
        out.append("  ledger (LedgerChecker, blocks from the peer's Deliver service, decoded with fabric-protos):\n");
        out.append(String.format(
                "    blocks read %d (chain breaks %d), VALID transactions %d, invalid %d%n",
                l.blocksRead(), l.chainBreaks(), l.validTransactions(), l.invalidTransactions()));
        out.append(String.format(
                "    anchored batches %d holding %d readings; windows acknowledged %d (%d readings), proven by a"
                        + " verified proof against the block's root %d%n",
                l.anchoredBatches(),
                l.anchoredReadings(),
                l.windowsAcknowledged(),
                l.readingsAcknowledged(),
                l.windowsProven()));
        out.append(String.format(
                "    readings lost %d (windows %d%s), anchored twice: batches %d / transactions %d / readings %d,"
                        + " batches no robot sent %d (%d readings), unaccounted leaves %d, reading count mismatches %d%n",
                l.readingsLost(),
                l.windowsLost(),
                l.proofFailures().isEmpty() ? "" : " " + l.proofFailures(),
                l.duplicatedBatches(),
                l.duplicatedAnchorTransactions(),
                l.duplicatedReadings(),
                l.batchesNeverSent(),
                l.readingsNeverSent(),
                l.unaccountedLeaves(),
                l.readingCountMismatches()));
        out.append(String.format(
                "    production events acknowledged %d, VALID transactions %d, lost %d, duplicated %d,"
                        + " never sent %d, differing from the signed event %d%n",
                l.eventsAcknowledged(),
                l.eventTransactions(),
                l.eventsLost(),
                l.eventsDuplicated(),
                l.eventsNeverSent(),
                l.eventsMismatched()));
        out.append("  not injected (ledger faults):\n");
        notInjected.forEach((kind, why) -> out.append(String.format("    %-20s %s%n", kind, why)));
        return out.toString();
    }

    void writeJson(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build()
                    .writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

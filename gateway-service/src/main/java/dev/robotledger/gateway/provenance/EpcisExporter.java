package dev.robotledger.gateway.provenance;

import dev.robotledger.contract.CustodyAction;
import dev.robotledger.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a good's provenance tree into a GS1 EPCIS 2.0 JSON-LD document:
 * <ul>
 *   <li>a raw part's production: {@code ObjectEvent}, action ADD, bizStep {@code commissioning};</li>
 *   <li>an assembly: {@code TransformationEvent}, parts in {@code inputEPCList}, the product in
 *       {@code outputEPCList}, bizStep {@code assembling};</li>
 *   <li>both carry the station as {@code readPoint}, the line as {@code bizLocation}, the
 *       process parameters as a sensor report by the robot, and the lot ({@code cbvmda:lotNumber}),
 *       kind, firmware and energy as {@code ilmd};</li>
 *   <li>a quality check: {@code ObjectEvent}, action OBSERVE, bizStep {@code inspecting},
 *       disposition {@code conformant} (PASS) or {@code non_conformant} (FAIL), measurements as
 *       a sensor report;</li>
 *   <li>a custody step: {@code TransactionEvent} whose business transaction is the transfer
 *       (named by its proposal), with the old and new custodian as {@code owning_party} source
 *       and destination: ADD when proposed, OBSERVE with bizStep {@code accepting} when accepted,
 *       DELETE when rejected or cancelled; a liquidation is an ADD with bizStep {@code accepting};</li>
 *   <li>a recall: one {@code ObjectEvent}, action OBSERVE, disposition {@code recalled}, over
 *       every good of the tree it reached.</li>
 * </ul>
 * Our own fields (robot, firmware, energy, telemetry anchor, ledger event and transaction ids)
 * are compact IRIs of the {@code rl} prefix bound in the document's context. Events are ordered
 * by event time, ties in tree order (parts before the product); the output is deterministic.
 *
 * <pre>{@code
 * EpcisDocument document = new EpcisExporter(ZoneId.of("Europe/Berlin"))
 *         .export(ProvenanceTree.fromJson(json), Instant.now());
 * }</pre>
 */
public final class EpcisExporter {

    public static final String GS1_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private final ZoneId zone;

    /** @param zone the zone the factory's clocks are read in; it sets every {@code eventTimeZoneOffset} */
    public EpcisExporter(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The document of every ledger event in {@code provenance}; {@code creationDate} is the caller's, for determinism. */
    public EpcisDocument export(ProvenanceTree provenance, Instant creationDate) {
        Objects.requireNonNull(creationDate, "creationDate");
        List<TimedEvent> events = new ArrayList<>();
        Map<String, Recall> recalls = new LinkedHashMap<>();
        walk(provenance.tree(), events, recalls);
        recalls.values().forEach(recall -> events.add(recall.event()));
        events.sort(Comparator.comparingLong(TimedEvent::epochMillis));

        ObjectNode document = Json.MAPPER.createObjectNode();
        ArrayNode context = document.putArray("@context");
        context.add(GS1_CONTEXT);
        context.addObject().put(EpcisIdentifiers.PREFIX, EpcisIdentifiers.VOCABULARY);
        document.put("type", "EPCISDocument");
        document.put("schemaVersion", "2.0");
        document.put("creationDate", time(creationDate.toEpochMilli()));
        document.put(EpcisIdentifiers.term("provenanceOf"), EpcisIdentifiers.good(provenance.goodId()));
        document.put(EpcisIdentifiers.term("nodeCount"), provenance.nodeCount());
        ArrayNode eventList = document.putObject("epcisBody").putArray("eventList");
        events.forEach(event -> eventList.add(event.json()));
        return new EpcisDocument(provenance.goodId(), events.size(), canonical(document));
    }

    private void walk(ProvenanceNode node, List<TimedEvent> events, Map<String, Recall> recalls) {
        node.parts().forEach(part -> walk(part, events, recalls));
        Good good = node.good();
        events.add(production(node));
        good.qualityChecks().forEach(check -> events.add(inspection(good, check)));
        custody(good, events);
        if (good.recall() != null) {
            RecallMark mark = good.recall();
            recalls.computeIfAbsent(mark.recallId(), id -> new Recall(mark))
                    .goodIds
                    .add(good.id());
        }
    }

    private TimedEvent production(ProvenanceNode node) {
        Good good = node.good();
        Production production = good.production();
        boolean assembly = !good.partIds().isEmpty();
        ObjectNode event = Json.MAPPER.createObjectNode();
        if (assembly) {
            event.put("type", "TransformationEvent");
            ArrayNode inputs = event.putArray("inputEPCList");
            good.partIds().forEach(partId -> inputs.add(EpcisIdentifiers.good(partId)));
            event.putArray("outputEPCList").add(EpcisIdentifiers.good(good.id()));
            event.put("bizStep", "assembling");
        } else {
            event.put("type", "ObjectEvent");
            event.put("action", "ADD");
            event.putArray("epcList").add(EpcisIdentifiers.good(good.id()));
            event.put("bizStep", "commissioning");
        }
        CustodyEntry produced = good.producedEntry();
        event.put("eventID", EpcisIdentifiers.event(produced.eventId()));
        times(event, production.producedAtEpochMillis());
        event.put("recordTime", time(production.recordedAtEpochMillis()));
        event.put("disposition", "active");
        event.putObject("readPoint").put("id", EpcisIdentifiers.station(production));
        event.putObject("bizLocation").put("id", EpcisIdentifiers.line(production));
        if (!production.processParameters().isEmpty()) {
            ObjectNode element = event.putArray("sensorElementList").addObject();
            element.putObject("sensorMetadata")
                    .put("time", time(production.producedAtEpochMillis()))
                    .put("deviceID", EpcisIdentifiers.robot(production.robotId()));
            reports(element, production.sortedProcessParameters());
        }
        ObjectNode ilmd = event.putObject("ilmd");
        if (production.lot() != null) {
            ilmd.put("cbvmda:lotNumber", production.lot());
        }
        ilmd.put(EpcisIdentifiers.term("kind"), production.kind())
                .put(EpcisIdentifiers.term("firmwareVersion"), production.firmwareVersion())
                .put(EpcisIdentifiers.term("energyWh"), production.energyWh());
        RobotSummary robot = node.robot();
        event.put(EpcisIdentifiers.term("robot"), EpcisIdentifiers.robot(robot.id()));
        event.put(EpcisIdentifiers.term("robotModel"), robot.model());
        event.put(EpcisIdentifiers.term("producer"), EpcisIdentifiers.org(production.producerOrg()));
        if (production.telemetryAnchor() != null) {
            event.put(
                    EpcisIdentifiers.term("anchorBatchId"),
                    production.telemetryAnchor().batchId());
            event.put(
                    EpcisIdentifiers.term("anchorMerkleRoot"),
                    production.telemetryAnchor().merkleRoot());
        }
        ledger(event, produced.eventId(), production.recordedInTxId());
        return new TimedEvent(production.producedAtEpochMillis(), event);
    }

    private TimedEvent inspection(Good good, QualityCheck check) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", "ObjectEvent");
        event.put("eventID", EpcisIdentifiers.event(check.checkId()));
        times(event, check.checkedAtEpochMillis());
        event.put("action", "OBSERVE");
        event.putArray("epcList").add(EpcisIdentifiers.good(good.id()));
        event.put("bizStep", "inspecting");
        event.put("disposition", check.result() == QualityResult.PASS ? "conformant" : "non_conformant");
        if (!check.measurements().isEmpty()) {
            ObjectNode element = event.putArray("sensorElementList").addObject();
            element.putObject("sensorMetadata").put("time", time(check.checkedAtEpochMillis()));
            reports(element, check.sortedMeasurements());
        }
        event.put(EpcisIdentifiers.term("checkType"), check.checkType());
        event.put(EpcisIdentifiers.term("qualityResult"), check.result().name());
        event.put(EpcisIdentifiers.term("inspector"), check.inspector());
        event.put(EpcisIdentifiers.term("inspectedBy"), EpcisIdentifiers.org(check.byOrg()));
        ledger(event, check.checkId(), check.txId());
        return new TimedEvent(check.checkedAtEpochMillis(), event);
    }

    private void custody(Good good, List<TimedEvent> events) {
        String openTransfer = null;
        for (CustodyEntry entry :
                good.custodyHistory().subList(1, good.custodyHistory().size())) {
            String action;
            String transaction;
            String bizStep = null;
            switch (entry.action()) {
                case PROPOSED -> {
                    openTransfer = EpcisIdentifiers.transfer(entry.eventId());
                    transaction = openTransfer;
                    action = "ADD";
                }
                case ACCEPTED, REJECTED, CANCELLED -> {
                    if (openTransfer == null) {
                        throw new ProvenanceFormatException("good " + good.id() + ": custody entry " + entry.action()
                                + " (event " + entry.eventId() + ") closes no proposed transfer");
                    }
                    transaction = openTransfer;
                    openTransfer = null;
                    action = entry.action() == CustodyAction.ACCEPTED ? "OBSERVE" : "DELETE";
                    bizStep = entry.action() == CustodyAction.ACCEPTED ? "accepting" : null;
                }
                case LIQUIDATED -> {
                    // The lender's taking custody ends any open offer (the chaincode drops it).
                    openTransfer = null;
                    transaction = EpcisIdentifiers.liquidation(entry.eventId());
                    action = "ADD";
                    bizStep = "accepting";
                }
                default ->
                    throw new ProvenanceFormatException("good " + good.id() + ": custody entry " + entry.action()
                            + " (event " + entry.eventId() + ") after its first entry");
            }
            ObjectNode event = Json.MAPPER.createObjectNode();
            event.put("type", "TransactionEvent");
            event.put("eventID", EpcisIdentifiers.event(entry.eventId()));
            times(event, entry.atEpochMillis());
            event.put("action", action);
            event.putArray("epcList").add(EpcisIdentifiers.good(good.id()));
            if (bizStep != null) {
                event.put("bizStep", bizStep);
            }
            event.putArray("bizTransactionList").addObject().put("bizTransaction", transaction);
            event.putArray("sourceList")
                    .addObject()
                    .put("type", "owning_party")
                    .put("source", EpcisIdentifiers.org(entry.fromOrg()));
            event.putArray("destinationList")
                    .addObject()
                    .put("type", "owning_party")
                    .put("destination", EpcisIdentifiers.org(entry.toOrg()));
            event.put(EpcisIdentifiers.term("custodyAction"), entry.action().name());
            ledger(event, entry.eventId(), entry.txId());
            events.add(new TimedEvent(entry.atEpochMillis(), event));
        }
    }

    private void reports(ObjectNode element, Map<String, Double> values) {
        ArrayNode reports = element.putArray("sensorReport");
        values.forEach((name, value) ->
                reports.addObject().put("type", EpcisIdentifiers.term(name)).put("value", value));
    }

    private void times(ObjectNode event, long epochMillis) {
        event.put("eventTime", time(epochMillis));
        event.put(
                "eventTimeZoneOffset",
                ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone).format(OFFSET));
    }

    private static void ledger(ObjectNode event, String eventId, String txId) {
        event.put(EpcisIdentifiers.term("ledgerEventId"), eventId);
        event.put(EpcisIdentifiers.term("ledgerTxId"), txId);
    }

    private String time(long epochMillis) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone).format(TIME);
    }

    private String canonical(ObjectNode document) {
        try {
            return new JsonCanonicalizer(Json.MAPPER.writeValueAsString(document)).getEncodedString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot canonicalise the EPCIS document", e);
        }
    }

    private record TimedEvent(long epochMillis, ObjectNode json) {}

    /** The goods of the tree one recall reached, in tree order. */
    private final class Recall {
        private final RecallMark mark;
        private final List<String> goodIds = new ArrayList<>();

        Recall(RecallMark mark) {
            this.mark = mark;
        }

        TimedEvent event() {
            ObjectNode event = Json.MAPPER.createObjectNode();
            event.put("type", "ObjectEvent");
            event.put("eventID", EpcisIdentifiers.event(mark.recallId()));
            times(event, mark.atEpochMillis());
            event.put("action", "OBSERVE");
            ArrayNode epcs = event.putArray("epcList");
            goodIds.forEach(goodId -> epcs.add(EpcisIdentifiers.good(goodId)));
            event.put("disposition", "recalled");
            event.put(EpcisIdentifiers.term("recallReason"), mark.reason());
            event.put(EpcisIdentifiers.term("ledgerEventId"), mark.recallId());
            return new TimedEvent(mark.atEpochMillis(), event);
        }
    }
}

package dev.robotledger.gateway.production;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.FieldRules;
import dev.robotledger.contract.Sgtin;
import dev.robotledger.gateway.production.ContractRequest.AssemblyReport;
import dev.robotledger.gateway.production.ContractRequest.PartReference;
import dev.robotledger.gateway.production.ContractRequest.ProductionReport;
import dev.robotledger.gateway.production.ContractRequest.QualityCheckReport;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ProductionEventId;
import dev.robotledger.wire.message.WindowReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a journaled production-event envelope into the chaincode request, filling from the
 * envelope what the payload does not carry, and applies the contract's argument rules (the
 * contract API's {@code FieldRules}, and its request constructors' checks) so that an event the
 * contract would refuse is refused here, with the contract's code and a message naming the field,
 * and never sent.
 *
 * <p>Payloads (what a robot signs; the envelope supplies the rest):
 * <pre>
 * COMPONENT_PRODUCED {goodId, gtin?, serial?, lot?, kind, firmwareVersion, processParameters?{name: number},
 *                     energyWh, telemetryWindow?{seq}}
 *     -> RecordProduction, robotId = envelope robot, producedAtEpochMillis = envelope timestamp
 * ASSEMBLED          {product: &lt;the same as COMPONENT_PRODUCED, without telemetryWindow&gt;,
 *                     parts: [{goodId, producedBy}...], telemetryWindow?{seq}}
 *     -> AssembleProduct, the product filled as above
 * QUALITY_CHECK      {goodId, producedBy, checkType, result: PASS|FAIL, measurements?{name: number}}
 *     -> RecordQualityCheck, inspector = envelope robot id
 * </pre>
 * A good with a GS1 identity names its GTIN-14 and serial (and lot, when made in lots) and has the
 * SGTIN's EPC URI as its id (contract-api's {@code Sgtin.identityProblem}, refused as
 * {@code INVALID_GS1_KEY}).
 * {@code producedBy} is the event id of the production that made the good
 * ({@code production-<robotId>-<seq>}, see {@link ProductionEventId}); the contract refuses it
 * with {@code PRODUCTION_MISMATCH} when the ledger's good of that id was made by another. One that
 * names an event of the same robot must name an earlier envelope. Messages signed before events
 * named their goods' productions (a quality check without {@code producedBy}, an assembly with
 * {@code partIds}) are refused as {@code INVALID_ARGUMENT}, never guessed.
 * Stricter than the contract in one way: text fields must be JSON strings and numbers JSON
 * numbers (the contract's Jackson would turn {@code 7} into {@code "7"}). A field the envelope
 * fills is refused in the payload: the signed envelope says which robot and when.
 *
 * <p>{@code telemetryWindow} names a telemetry window the same robot sealed before this event (a
 * lower envelope number); the event keeps it ({@link ProductionEvent#window()}) and the submitter
 * adds the anchor of that window's batch once it is on the ledger.
 */
public final class ProductionRequests {

    private static final String PRODUCED_BY = "producedBy";
    private static final Set<String> PRODUCT_FIELDS =
            Set.of("goodId", "gtin", "serial", "lot", "kind", "firmwareVersion", "processParameters", "energyWh");
    private static final Set<String> COMPONENT_FIELDS = Set.of(
            "goodId",
            "gtin",
            "serial",
            "lot",
            "kind",
            "firmwareVersion",
            "processParameters",
            "energyWh",
            WindowReference.FIELD);
    private static final Set<String> ASSEMBLY_FIELDS = Set.of("product", "parts", WindowReference.FIELD);
    private static final Set<String> PART_FIELDS = Set.of("goodId", PRODUCED_BY);
    private static final Set<String> QUALITY_FIELDS =
            Set.of("goodId", PRODUCED_BY, "checkType", "result", "measurements");
    private static final Set<String> QUALITY_RESULTS = Set.of("PASS", "FAIL");

    private ProductionRequests() {}

    /**
     * The event of one journaled envelope.
     *
     * @throws InvalidProductionEventException when the contract would refuse it
     */
    public static ProductionEvent event(long envelopeId, Envelope envelope) {
        String robotId = envelope.robotId();
        Fault fault = new Fault(envelope.type() + " " + robotId + "/" + envelope.seq());
        ContractRequest request = switch (envelope.type()) {
            case COMPONENT_PRODUCED ->
                product(fault, "", envelope.payload(), COMPONENT_FIELDS, robotId, envelope.timestamp());
            case ASSEMBLED -> assembly(fault, envelope);
            case QUALITY_CHECK -> qualityCheck(fault, envelope);
            case TELEMETRY_WINDOW ->
                throw new IllegalArgumentException("envelope " + robotId + "/" + envelope.seq()
                        + " is a telemetry window, not a production event");
        };
        WindowReference window = envelope.type() == MessageType.QUALITY_CHECK ? null : window(fault, envelope);
        return new ProductionEvent(
                envelopeId,
                robotId,
                envelope.seq(),
                envelope.type(),
                ProductionEvent.eventId(robotId, envelope.seq()),
                request,
                window);
    }

    /** The window a production names: {@code {"seq": n}}, a window of the same robot signed before the event. */
    private static WindowReference window(Fault fault, Envelope envelope) {
        WindowReference window;
        try {
            window = WindowReference.of(envelope.payload()).orElse(null);
        } catch (IllegalArgumentException e) {
            throw fault.invalid(e.getMessage());
        }
        if (window != null && window.seq() >= envelope.seq()) {
            throw fault.invalid(WindowReference.FIELD + ".seq " + window.seq() + " is not before this event (seq "
                    + envelope.seq() + "): a production names the window its robot sealed before it");
        }
        return window;
    }

    private static ProductionReport product(
            Fault fault, String prefix, JsonNode payload, Set<String> fields, String robotId, long producedAt) {
        fault.onlyFields(prefix, payload, fields);
        String goodId = goodId(fault, prefix + "goodId", payload.get("goodId"));
        String gtin = optionalString(fault, prefix + "gtin", payload.get("gtin"));
        String serial = optionalString(fault, prefix + "serial", payload.get("serial"));
        String lot = optionalString(fault, prefix + "lot", payload.get("lot"));
        Sgtin.identityProblem(goodId, gtin, serial, lot).ifPresent(problem -> {
            throw fault.refused(ErrorCode.INVALID_GS1_KEY, prefix + problem);
        });
        String kind = text(fault, prefix + "kind", payload.get("kind"), FieldRules.MAX_TEXT_LENGTH);
        String firmware =
                text(fault, prefix + "firmwareVersion", payload.get("firmwareVersion"), FieldRules.MAX_NAME_LENGTH);
        Map<String, Double> parameters = numbers(fault, prefix + "processParameters", payload.get("processParameters"));
        double energyWh = number(fault, prefix + "energyWh", payload.get("energyWh"));
        if (energyWh < 0) {
            throw fault.invalid(prefix + "energyWh must be a finite number >= 0, was " + energyWh);
        }
        return new ProductionReport(
                goodId, kind, robotId, producedAt, firmware, parameters, energyWh, null, gtin, serial, lot);
    }

    private static AssemblyReport assembly(Fault fault, Envelope envelope) {
        JsonNode payload = envelope.payload();
        String robotId = envelope.robotId();
        long producedAt = envelope.timestamp();
        fault.onlyFields("", payload, ASSEMBLY_FIELDS);
        JsonNode productNode = payload.get("product");
        if (productNode == null || productNode.isNull()) {
            throw fault.invalid("product is missing");
        }
        if (!productNode.isObject()) {
            throw fault.invalid("product must be an object");
        }
        ProductionReport product = product(fault, "product.", productNode, PRODUCT_FIELDS, robotId, producedAt);
        JsonNode partsNode = payload.get("parts");
        if (partsNode != null && !partsNode.isNull() && !partsNode.isArray()) {
            throw fault.invalid("parts must be an array of {goodId, producedBy}");
        }
        List<PartReference> parts = new ArrayList<>();
        if (partsNode != null) {
            for (JsonNode part : partsNode) {
                if (!part.isObject()) {
                    throw fault.invalid("parts[] must be objects {goodId, producedBy}, was " + part.getNodeType());
                }
                fault.onlyFields("parts[].", part, PART_FIELDS);
                parts.add(new PartReference(
                        goodId(fault, "parts[].goodId", part.get("goodId")),
                        producedBy(fault, "parts[]." + PRODUCED_BY, part.get(PRODUCED_BY), envelope)));
            }
        }
        List<String> partIds = parts.stream().map(PartReference::goodId).toList();
        if (partIds.isEmpty()) {
            throw fault.invalid("assembly of " + product.goodId() + " lists no parts");
        }
        if (partIds.size() > FieldRules.MAX_PARTS_PER_ASSEMBLY) {
            throw fault.invalid("assembly of " + product.goodId() + " lists " + partIds.size() + " parts; at most "
                    + FieldRules.MAX_PARTS_PER_ASSEMBLY + " per transaction");
        }
        Set<String> seen = new HashSet<>();
        for (String partId : partIds) {
            if (partId.equals(product.goodId())) {
                throw fault.refused(ErrorCode.ASSEMBLY_CYCLE, "product " + partId + " cannot be one of its own parts");
            }
            if (!seen.add(partId)) {
                throw fault.invalid("assembly of " + product.goodId() + " lists part " + partId + " twice");
            }
        }
        return new AssemblyReport(product, parts);
    }

    private static QualityCheckReport qualityCheck(Fault fault, Envelope envelope) {
        JsonNode payload = envelope.payload();
        fault.onlyFields("", payload, QUALITY_FIELDS);
        String goodId = goodId(fault, "goodId", payload.get("goodId"));
        String producedBy = producedBy(fault, PRODUCED_BY, payload.get(PRODUCED_BY), envelope);
        String checkType = text(fault, "checkType", payload.get("checkType"), FieldRules.MAX_NAME_LENGTH);
        String result = string(fault, "result", payload.get("result"));
        if (!QUALITY_RESULTS.contains(result)) {
            throw fault.invalid("result must be PASS or FAIL, was '" + FieldRules.printable(result) + "'");
        }
        Map<String, Double> measurements = numbers(fault, "measurements", payload.get("measurements"));
        return new QualityCheckReport(goodId, producedBy, envelope.robotId(), checkType, result, measurements);
    }

    /**
     * The event id of the production that made a good the event names: an id by the contract's rule;
     * one of this robot's own events must have been signed before this one.
     */
    private static String producedBy(Fault fault, String field, JsonNode node, Envelope envelope) {
        if (node == null || node.isNull()) {
            throw fault.invalid(field + " is missing: an event about a good names the event id of the production"
                    + " that made it (production-<robotId>-<seq> for a robot's production)");
        }
        String value = string(fault, field, node);
        fault.invalidIf(FieldRules.idProblem(field, value, FieldRules.MAX_ID_LENGTH));
        Optional<Long> ownSeq = ProductionEventId.seqOf(envelope.robotId(), value);
        if (ownSeq.isPresent() && ownSeq.get() >= envelope.seq()) {
            throw fault.invalid(field + " " + value + " is not before this event (seq " + envelope.seq()
                    + "): a good is produced before it is inspected, assembled or moved");
        }
        return value;
    }

    /** The contract's good id rule: 1..128 visible ASCII; a URN must be a GS1 SGTIN. */
    private static String goodId(Fault fault, String field, JsonNode node) {
        String value = string(fault, field, node);
        fault.invalidIf(FieldRules.goodIdProblem(field, value));
        return value;
    }

    /** Not blank, no control characters, at most {@code maxLength} characters. */
    private static String text(Fault fault, String field, JsonNode node, int maxLength) {
        String value = string(fault, field, node);
        if (value.isBlank()) {
            throw fault.invalid(field + " is missing");
        }
        fault.invalidIf(FieldRules.textProblem(field, value, maxLength));
        return value;
    }

    private static String string(Fault fault, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw fault.invalid(field + " is missing");
        }
        if (!node.isTextual()) {
            throw fault.invalid(field + " must be a string, was " + node.getNodeType());
        }
        return node.textValue();
    }

    private static String optionalString(Fault fault, String field, JsonNode node) {
        return node == null || node.isNull() ? null : string(fault, field, node);
    }

    private static double number(Fault fault, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw fault.invalid(field + " is missing");
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw fault.invalid(field + " must be a finite number, was " + node);
        }
        return node.doubleValue();
    }

    /** At most 32 entries named {@code [A-Za-z0-9_.-]{1,64}}, finite numbers; absent is empty. */
    private static Map<String, Double> numbers(Fault fault, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw fault.invalid(field + " must be an object of named numbers");
        }
        fault.invalidIf(FieldRules.mapSizeProblem(field, node.size()));
        Map<String, Double> values = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            fault.invalidIf(FieldRules.mapKeyProblem(field, entry.getKey()));
            values.put(entry.getKey(), number(fault, field + "." + entry.getKey(), entry.getValue()));
        }
        return values;
    }

    /** Builds refusals that name the event. */
    private record Fault(String event) {

        InvalidProductionEventException invalid(String message) {
            return refused(ErrorCode.INVALID_ARGUMENT, message);
        }

        void invalidIf(Optional<String> problem) {
            if (problem.isPresent()) {
                throw invalid(problem.get());
            }
        }

        InvalidProductionEventException refused(ErrorCode code, String message) {
            return new InvalidProductionEventException(code.name(), event + ": " + message);
        }

        void onlyFields(String prefix, JsonNode payload, Set<String> allowed) {
            for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    String filled = switch (name) {
                        case "robotId", "producedAtEpochMillis", "inspector" ->
                            " (the gateway takes it from the" + " signed envelope)";
                        case "partIds" ->
                            " (each part is named with the production that made it:"
                                    + " parts: [{goodId, producedBy}])";
                        default -> "";
                    };
                    throw invalid(prefix + FieldRules.printable(name) + " is not a field of this event" + filled
                            + "; the fields are " + new TreeSet<>(allowed));
                }
            }
        }
    }
}

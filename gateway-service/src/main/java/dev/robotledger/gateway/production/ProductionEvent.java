package dev.robotledger.gateway.production;

import dev.robotledger.gateway.production.ContractRequest.AssemblyReport;
import dev.robotledger.gateway.production.ContractRequest.ProductionReport;
import dev.robotledger.gateway.production.ContractRequest.TelemetryAnchorRef;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.ProductionEventId;
import dev.robotledger.wire.message.WindowReference;

/**
 * A journaled production event as the ledger gets it: the chaincode request built from the
 * robot's signed envelope, under an event id derived from the robot and its sequence number, so
 * that every retry, restart or second gateway sends the same id and the chaincode answers a
 * replay instead of recording the event twice. {@code window} is the telemetry window of the same
 * robot that a production names ({@code null} when it names none); its request gets the
 * anchor of that window's batch ({@link #withTelemetryAnchor}) before it is sent.
 */
public record ProductionEvent(
        long envelopeId,
        String robotId,
        long seq,
        MessageType type,
        String eventId,
        ContractRequest request,
        WindowReference window) {

    public ProductionEvent {
        if (!type.isProductionEvent()) {
            throw new IllegalArgumentException(
                    "envelope " + robotId + "/" + seq + " is " + type + ", not a production event");
        }
        if (!eventId.equals(eventId(robotId, seq))) {
            throw new IllegalArgumentException(
                    "event id of " + robotId + "/" + seq + " must be " + eventId(robotId, seq) + ", was " + eventId);
        }
        if (window != null && request instanceof ContractRequest.QualityCheckReport) {
            throw new IllegalArgumentException(
                    "quality check " + robotId + "/" + seq + " cannot name a telemetry" + " window");
        }
    }

    public ProductionEvent(
            long envelopeId, String robotId, long seq, MessageType type, String eventId, ContractRequest request) {
        this(envelopeId, robotId, seq, type, eventId, request, null);
    }

    /** The event with the anchor of its window's batch in the produced good's request. */
    public ProductionEvent withTelemetryAnchor(TelemetryAnchorRef anchor) {
        ContractRequest anchored;
        if (request instanceof ProductionReport product) {
            anchored = product.withTelemetryAnchor(anchor);
        } else if (request instanceof AssemblyReport assembly) {
            anchored = new AssemblyReport(assembly.product().withTelemetryAnchor(anchor), assembly.parts());
        } else {
            throw new IllegalStateException(describe() + " produces no good to anchor");
        }
        return new ProductionEvent(envelopeId, robotId, seq, type, eventId, anchored, window);
    }

    /** {@code production-<robotId>-<seq>}, as the wire format states it ({@link ProductionEventId}). */
    public static String eventId(String robotId, long seq) {
        return ProductionEventId.of(robotId, seq);
    }

    /** Names the event in logs and exceptions. */
    public String describe() {
        return type + " " + robotId + "/" + seq + " (" + request.transaction().functionName() + " " + eventId + ")";
    }
}

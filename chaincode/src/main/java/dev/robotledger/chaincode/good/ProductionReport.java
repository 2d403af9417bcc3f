package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.FieldRules;
import dev.robotledger.contract.Sgtin;
import java.util.Map;
import java.util.Optional;

/**
 * The RecordProduction argument, and the product half of an assembly. A good with a GS1 identity
 * carries its {@code gtin} (GTIN-14) and {@code serial} (AI 21), and its {@code lot} (AI 10) when
 * it is made in lots; its id is then the SGTIN's EPC URI. A good whose id is an SGTIN EPC URI must
 * carry them; one without them keeps a plain id.
 */
public record ProductionReport(String goodId, String kind, String robotId, Long producedAtEpochMillis,
        String firmwareVersion, Map<String, Double> processParameters, Double energyWh,
        TelemetryRef telemetryAnchor, String gtin, String serial, String lot) {

    public ProductionReport {
        Fields.requireGoodId("goodId", goodId);
        if (gtin != null || serial != null || lot != null || Sgtin.isEpcUri(goodId)) {
            requireGs1Identity(goodId, gtin, serial, lot);
        }
        Fields.requireText("kind", kind, Fields.MAX_TEXT_LENGTH);
        Fields.requireId("robotId", robotId, FieldRules.MAX_NAME_LENGTH);
        Fields.requireEpochMillis("producedAtEpochMillis", producedAtEpochMillis);
        Fields.requireText("firmwareVersion", firmwareVersion, FieldRules.MAX_NAME_LENGTH);
        processParameters = Fields.requireNumbers("processParameters", processParameters);
        Fields.requireNonNegative("energyWh", energyWh);
    }

    /** The SGTIN of a good with a GS1 identity, else empty. */
    public Optional<Sgtin> sgtin() {
        return gtin == null ? Optional.empty() : Sgtin.fromEpcUri(goodId);
    }

    private static void requireGs1Identity(String goodId, String gtin, String serial, String lot) {
        refuseIf(Sgtin.gtinProblem("gtin", gtin));
        refuseIf(Sgtin.aiTextProblem("serial", serial));
        if (lot != null) {
            refuseIf(Sgtin.aiTextProblem("lot", lot));
        }
        Sgtin named = Sgtin.fromEpcUri(goodId).orElseThrow(() -> Refusals.of(ErrorCode.INVALID_GS1_KEY, "goodId '"
                + FieldRules.printable(goodId) + "' of GTIN " + gtin + " serial " + serial + " is not an SGTIN EPC URI"
                + " (urn:epc:id:sgtin:<company prefix>.<indicator and item reference>.<serial, URI-escaped>)"));
        if (!named.gtin().equals(gtin) || !named.serial().equals(serial)) {
            throw Refusals.of(ErrorCode.INVALID_GS1_KEY, "goodId " + goodId + " names GTIN " + named.gtin()
                    + " serial " + FieldRules.printable(named.serial()) + ", not the good's GTIN " + gtin + " serial "
                    + FieldRules.printable(serial));
        }
    }

    private static void refuseIf(Optional<String> problem) {
        problem.ifPresent(text -> {
            throw Refusals.of(ErrorCode.INVALID_GS1_KEY, text);
        });
    }
}

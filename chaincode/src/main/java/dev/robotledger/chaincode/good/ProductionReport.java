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
public record ProductionReport(
        String goodId,
        String kind,
        String robotId,
        Long producedAtEpochMillis,
        String firmwareVersion,
        Map<String, Double> processParameters,
        Double energyWh,
        TelemetryRef telemetryAnchor,
        String gtin,
        String serial,
        String lot) {

    public ProductionReport {
        Fields.requireGoodId("goodId", goodId);
        Sgtin.identityProblem(goodId, gtin, serial, lot).ifPresent(problem -> {
            throw Refusals.of(ErrorCode.INVALID_GS1_KEY, problem);
        });
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
}

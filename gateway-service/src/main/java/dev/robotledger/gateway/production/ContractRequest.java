package dev.robotledger.gateway.production;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.robotledger.contract.ContractTransaction;
import java.util.List;
import java.util.Map;

/**
 * The second argument of a chaincode write, field for field the contract's request record (its
 * strict parser refuses unknown fields). Built only by {@link ProductionRequests}, which applies
 * the contract's argument rules first.
 */
public sealed interface ContractRequest {

    /** The contract transaction that takes this request. */
    @JsonIgnore
    ContractTransaction transaction();

    /** The good the request writes: produced, assembled or checked. */
    String goodId();

    /**
     * {@code RecordProduction}'s {@code ProductionReport}, and the product half of an assembly.
     * {@code telemetryAnchor} is sent only when the robot named the window of its production and
     * that window's batch is anchored; otherwise it is left out (the contract's field is optional),
     * so an event without a window is sent exactly as before. {@code gtin}, {@code serial} and
     * {@code lot} are the good's GS1 keys (its id then the SGTIN's EPC URI), left out when it has none.
     */
    record ProductionReport(
            String goodId,
            String kind,
            String robotId,
            long producedAtEpochMillis,
            String firmwareVersion,
            Map<String, Double> processParameters,
            double energyWh,
            @JsonInclude(JsonInclude.Include.NON_NULL) TelemetryAnchorRef telemetryAnchor,
            @JsonInclude(JsonInclude.Include.NON_NULL) String gtin,
            @JsonInclude(JsonInclude.Include.NON_NULL) String serial,
            @JsonInclude(JsonInclude.Include.NON_NULL) String lot)
            implements ContractRequest {

        public ProductionReport {
            processParameters = Map.copyOf(processParameters);
        }

        /** A good with a plain id and no GS1 keys. */
        public ProductionReport(
                String goodId,
                String kind,
                String robotId,
                long producedAtEpochMillis,
                String firmwareVersion,
                Map<String, Double> processParameters,
                double energyWh) {
            this(
                    goodId,
                    kind,
                    robotId,
                    producedAtEpochMillis,
                    firmwareVersion,
                    processParameters,
                    energyWh,
                    null,
                    null,
                    null,
                    null);
        }

        ProductionReport withTelemetryAnchor(TelemetryAnchorRef anchor) {
            return new ProductionReport(
                    goodId,
                    kind,
                    robotId,
                    producedAtEpochMillis,
                    firmwareVersion,
                    processParameters,
                    energyWh,
                    anchor,
                    gtin,
                    serial,
                    lot);
        }

        @Override
        public ContractTransaction transaction() {
            return ContractTransaction.RECORD_PRODUCTION;
        }
    }

    /**
     * The contract's {@code TelemetryRef}: the anchor batch holding the window of a production, by
     * the batch id the anchor was recorded under (the gateway's batch number) and its Merkle root (hex).
     */
    record TelemetryAnchorRef(String batchId, String merkleRoot) {}

    /**
     * A part an assembly consumes: the good and the event id of the production that made it (the
     * contract's {@code PartReference}; it refuses a part whose recorded production is another).
     */
    record PartReference(String goodId, String producedBy) {}

    /** {@code AssembleProduct}'s {@code AssemblyReport}. */
    record AssemblyReport(ProductionReport product, List<PartReference> parts) implements ContractRequest {

        public AssemblyReport {
            parts = List.copyOf(parts);
        }

        /** The parts' good ids, in the order listed. */
        @JsonIgnore
        public List<String> partIds() {
            return parts.stream().map(PartReference::goodId).toList();
        }

        @Override
        public ContractTransaction transaction() {
            return ContractTransaction.ASSEMBLE_PRODUCT;
        }

        @Override
        @JsonIgnore
        public String goodId() {
            return product.goodId();
        }
    }

    /**
     * {@code RecordQualityCheck}'s {@code QualityCheckReport}; {@code producedBy} is the event id of
     * the production that made the good; {@code result} is PASS or FAIL.
     */
    record QualityCheckReport(
            String goodId,
            String producedBy,
            String inspector,
            String checkType,
            String result,
            Map<String, Double> measurements)
            implements ContractRequest {

        public QualityCheckReport {
            measurements = Map.copyOf(measurements);
        }

        @Override
        public ContractTransaction transaction() {
            return ContractTransaction.RECORD_QUALITY_CHECK;
        }
    }
}

package dev.robotledger.gateway.production;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * The second argument of a chaincode write, field for field the contract's request record (its
 * strict parser refuses unknown fields). Built only by {@link ProductionRequests}, which applies
 * the contract's argument rules first.
 */
public sealed interface ContractRequest {

    /** The chaincode function that takes this request. */
    @JsonIgnore
    String function();

    /** The good the request writes: produced, assembled or checked. */
    String goodId();

    /**
     * {@code RecordProduction}'s {@code ProductionReport}, and the product half of an assembly.
     * The contract's optional {@code telemetryAnchor} is not sent (see gateway-service/README.md).
     */
    record ProductionReport(String goodId, String kind, String robotId, long producedAtEpochMillis,
                            String firmwareVersion, Map<String, Double> processParameters, double energyWh)
            implements ContractRequest {

        public ProductionReport {
            processParameters = Map.copyOf(processParameters);
        }

        @Override
        public String function() {
            return "RecordProduction";
        }
    }

    /** {@code AssembleProduct}'s {@code AssemblyReport}. */
    record AssemblyReport(ProductionReport product, List<String> partIds) implements ContractRequest {

        public AssemblyReport {
            partIds = List.copyOf(partIds);
        }

        @Override
        public String function() {
            return "AssembleProduct";
        }

        @Override
        @JsonIgnore
        public String goodId() {
            return product.goodId();
        }
    }

    /** {@code RecordQualityCheck}'s {@code QualityCheckReport}; {@code result} is PASS or FAIL. */
    record QualityCheckReport(String goodId, String inspector, String checkType, String result,
                              Map<String, Double> measurements) implements ContractRequest {

        public QualityCheckReport {
            measurements = Map.copyOf(measurements);
        }

        @Override
        public String function() {
            return "RecordQualityCheck";
        }
    }
}

package dev.robotledger.gateway.collateral;

import tools.jackson.databind.JsonNode;

/** The chaincode's verification report found reasons against lending on a good; nothing was offered. */
public class CollateralNotEligibleException extends RuntimeException {

    private final transient JsonNode report;

    public CollateralNotEligibleException(String goodId, JsonNode report) {
        super("good " + goodId + " is " + report.path("verdict").asString("not ELIGIBLE") + ": "
                + summary(report.path("reasons")) + "; no loan was offered");
        this.report = report;
    }

    private static String summary(JsonNode reasons) {
        StringBuilder text = new StringBuilder();
        for (JsonNode reason : reasons) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(reason.path("code").asString())
                    .append(" (")
                    .append(reason.path("goodId").asString())
                    .append(')');
        }
        return text.isEmpty() ? "the report gives no reason" : text.toString();
    }

    /** The chaincode's {@code VerifyCollateral} report. */
    public JsonNode report() {
        return report;
    }
}

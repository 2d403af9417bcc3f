package dev.robotledger.gateway.provenance;

/** The robot that made a good, as a provenance tree shows it; {@code revokedAtEpochMillis} may be absent. */
public record RobotSummary(
        String id,
        String ownerOrg,
        String model,
        String status,
        long enrolledAtEpochMillis,
        Long revokedAtEpochMillis) {

    public RobotSummary {
        Fields.requireText("robot.id", id);
        Fields.requireText("robot.ownerOrg", ownerOrg);
        Fields.requireText("robot.model", model);
        Fields.requireText("robot.status", status);
        Fields.requireEpochMillis("robot.enrolledAtEpochMillis", enrolledAtEpochMillis);
    }
}

package dev.robotledger.chaincode.quality;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.good.DispositionRecord;
import dev.robotledger.chaincode.good.Encumbrances;
import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.GoodIncident;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.good.Production;
import dev.robotledger.chaincode.good.QualityCheck;
import dev.robotledger.chaincode.good.QualityResult;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.chaincode.robot.Robot;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.RobotCapability;

/**
 * Records inspections and the operator's disposition of quarantined goods. Any org may inspect a
 * good it currently holds (a retailer on receipt, a lender before accepting collateral); nobody
 * inspects a good held by someone else. An inspector that is a registered robot must be one of
 * the caller's active robots, registered to INSPECT, standing on the site and line that made the
 * good: a robot is an inspection station for its own line only.
 */
public final class QualityControl {

    private final RobotRegistry robots;
    private final Goods goods;
    private final Encumbrances encumbrances;

    public QualityControl(RobotRegistry robots, Goods goods, Encumbrances encumbrances) {
        this.robots = robots;
        this.goods = goods;
        this.encumbrances = encumbrances;
    }

    public WriteOutcome record(WorldState state, Caller caller, String eventId, QualityCheckReport report) {
        Good good = goods.get(state, report.goodId())
                .requireProducedBy(report.producedBy(), "quality check " + eventId)
                .requireCustodian(caller, "record a quality check on");
        if (robots.find(state, report.inspector()).isPresent()) {
            requireInspectionStation(state, caller, report.inspector(), good);
        }
        QualityCheck check = new QualityCheck(
                eventId,
                report.inspector(),
                report.checkType(),
                report.result(),
                report.measurements(),
                caller.mspId(),
                state.txEpochMillis(),
                state.txId());
        Good checked = good.withQualityCheck(check);
        goods.update(state, checked);
        if (check.result() == QualityResult.FAIL) {
            encumbrances.report(state, good.id(), GoodIncident.QUALITY_FAILED, eventId);
        }
        return WriteOutcome.of("QualityCheckRecorded", good.id(), checked);
    }

    /** The custodian's decision on a quarantined good: released to ACTIVE or SCRAPPED, with who and why. */
    public WriteOutcome dispose(WorldState state, Caller caller, String eventId, DispositionRequest request) {
        Good good = goods.get(state, request.goodId())
                .requireProducedBy(request.producedBy(), "disposition " + eventId)
                .requireCustodian(caller, "decide on");
        DispositionRecord disposition = new DispositionRecord(
                eventId,
                request.decision(),
                request.operator(),
                request.reason(),
                caller.mspId(),
                state.txEpochMillis(),
                state.txId());
        Good decided = good.dispose(disposition);
        goods.update(state, decided);
        return WriteOutcome.of("QuarantineDisposed", good.id(), decided);
    }

    private void requireInspectionStation(WorldState state, Caller caller, String robotId, Good good) {
        Robot robot = robots.requireActiveOwnedBy(state, robotId, caller)
                .requireCapability(RobotCapability.INSPECT, "inspect good " + good.id());
        Production made = good.production();
        if (!robot.standsOn(made.site(), made.line())) {
            throw Refusals.of(
                    ErrorCode.NOT_INSPECTION_STATION,
                    "robot " + robotId + " stands on site " + robot.site()
                            + " line " + robot.line() + "; good " + good.id() + " was made on site " + made.site()
                            + " line "
                            + made.line() + ": a robot inspects only goods of its own line");
        }
    }
}

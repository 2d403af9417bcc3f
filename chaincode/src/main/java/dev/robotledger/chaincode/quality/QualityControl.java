package dev.robotledger.chaincode.quality;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.good.Encumbrances;
import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.GoodIncident;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.good.QualityCheck;
import dev.robotledger.chaincode.good.QualityResult;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;

/**
 * Records inspections. Any org may inspect a good it currently holds (a retailer on receipt, a
 * lender before accepting collateral); nobody inspects a good held by someone else.
 */
public final class QualityControl {

    private final Goods goods;
    private final Encumbrances encumbrances;

    public QualityControl(Goods goods, Encumbrances encumbrances) {
        this.goods = goods;
        this.encumbrances = encumbrances;
    }

    public WriteOutcome record(WorldState state, Caller caller, String eventId, QualityCheckReport report) {
        Good good = goods.get(state, report.goodId())
                .requireProducedBy(report.producedBy(), "quality check " + eventId)
                .requireCustodian(caller, "record a quality check on");
        QualityCheck check = new QualityCheck(eventId, report.inspector(), report.checkType(), report.result(),
                report.measurements(), caller.mspId(), state.txEpochMillis(), state.txId());
        Good checked = good.withQualityCheck(check);
        goods.update(state, checked);
        if (check.result() == QualityResult.FAIL) {
            encumbrances.report(state, good.id(), GoodIncident.QUALITY_FAILED, eventId);
        }
        return WriteOutcome.of("QualityCheckRecorded", good.id(), checked);
    }
}

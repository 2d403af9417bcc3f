package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.chaincode.robot.Robot;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.contract.CustodyAction;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.RobotCapability;
import java.util.ArrayList;
import java.util.List;

/** Records goods made by robots and assemblies made from parts. Every check precedes every write. */
public final class Manufacturing {

    /** How far a reported production time may lead the transaction timestamp (clock skew). */
    public static final long MAX_CLOCK_LEAD_MILLIS = 300_000;

    private final RobotRegistry robots;
    private final Goods goods;
    private final Encumbrances encumbrances;

    public Manufacturing(RobotRegistry robots, Goods goods, Encumbrances encumbrances) {
        this.robots = robots;
        this.goods = goods;
        this.encumbrances = encumbrances;
    }

    public WriteOutcome produce(WorldState state, Caller caller, String eventId, ProductionReport report) {
        caller.requireRole(OrgRole.MANUFACTURER, "record production");
        Good good = newGood(state, caller, eventId, report, List.of(), RobotCapability.PRODUCE);
        goods.create(state, good);
        return WriteOutcome.of("GoodProduced", good.id(), good);
    }

    /**
     * Builds a product from parts the caller holds. A cycle needs the product to be reachable from
     * one of its parts; parts are existing, unconsumed goods and the product is new, so the only
     * possible cycle is a product listed as its own part, which {@link AssemblyReport} refuses.
     */
    public WriteOutcome assemble(WorldState state, Caller caller, String eventId, AssemblyReport report) {
        caller.requireRole(OrgRole.MANUFACTURER, "assemble products");
        ProductionReport product = report.product();
        Good assembled = newGood(state, caller, eventId, product, report.partIds(), RobotCapability.ASSEMBLE);
        List<Good> consumed = new ArrayList<>();
        for (PartReference reference : report.parts()) {
            String partId = reference.goodId();
            Good part = goods.get(state, partId)
                    .requireProducedBy(reference.producedBy(), "assembly of " + product.goodId())
                    .requireCustodian(caller, "assemble");
            encumbrances.requireUnencumbered(state, partId, "assemble into " + product.goodId());
            if (part.production().producedAtEpochMillis() > product.producedAtEpochMillis()) {
                throw Refusals.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "part " + partId + " was produced after product "
                                + product.goodId() + " (" + part.production().producedAtEpochMillis() + " > "
                                + product.producedAtEpochMillis() + ")");
            }
            consumed.add(part.consumeInto(product.goodId()));
        }
        consumed.forEach(part -> goods.update(state, part));
        goods.create(state, assembled);
        return new WriteOutcome("ProductAssembled", assembled.id(), report.partIds(), assembled);
    }

    private Good newGood(
            WorldState state,
            Caller caller,
            String eventId,
            ProductionReport report,
            List<String> partIds,
            RobotCapability needed) {
        if (goods.exists(state, report.goodId())) {
            throw Refusals.of(ErrorCode.GOOD_ALREADY_EXISTS, "good " + report.goodId() + " is already recorded");
        }
        if (report.gtin() != null && goods.serialRecorded(state, report.gtin(), report.serial())) {
            throw Refusals.of(
                    ErrorCode.GOOD_ALREADY_EXISTS,
                    "GTIN " + report.gtin() + " serial " + report.serial() + " is already recorded (good "
                            + report.goodId() + " names it with another company prefix length)");
        }
        Robot robot = robots.requireActiveOwnedBy(state, report.robotId(), caller)
                .requireCapability(needed, "record good " + report.goodId());
        long txTime = state.txEpochMillis();
        if (report.producedAtEpochMillis() > txTime + MAX_CLOCK_LEAD_MILLIS) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "good " + report.goodId() + " has producedAtEpochMillis " + report.producedAtEpochMillis()
                            + ", later than the transaction time " + txTime);
        }
        Production production = new Production(
                report.kind(),
                caller.mspId(),
                robot.id(),
                robot.site(),
                robot.line(),
                robot.station(),
                report.producedAtEpochMillis(),
                txTime,
                state.txId(),
                report.firmwareVersion(),
                report.processParameters(),
                report.energyWh(),
                report.telemetryAnchor(),
                report.gtin(),
                report.serial(),
                report.lot());
        CustodyEntry produced =
                new CustodyEntry(CustodyAction.PRODUCED, null, caller.mspId(), txTime, state.txId(), eventId);
        return new Good(
                report.goodId(),
                production,
                partIds,
                caller.mspId(),
                GoodStatus.ACTIVE,
                null,
                List.of(),
                List.of(produced),
                null,
                null,
                List.of());
    }
}

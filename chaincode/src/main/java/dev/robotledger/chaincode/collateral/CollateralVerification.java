package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.good.CustodyEntry;
import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.GoodStatus;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.good.PendingTransfer;
import dev.robotledger.chaincode.good.Production;
import dev.robotledger.chaincode.good.QualityCheck;
import dev.robotledger.chaincode.good.QualityResult;
import dev.robotledger.chaincode.good.RecallMark;
import dev.robotledger.chaincode.good.TelemetryRef;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.provenance.ProvenanceQueries;
import dev.robotledger.chaincode.robot.Robot;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.chaincode.telemetry.Anchors;
import dev.robotledger.chaincode.telemetry.TelemetryAnchor;
import dev.robotledger.contract.CustodyAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lender's collateral verification: walks a good's whole component tree, every part at every
 * level, and reports every reason it is not fit to secure a loan. Findings about the ledger's
 * content are reasons, never refusals; only an unknown good and an over-tall chain of products
 * above the good (the lien walk's RESULT_TOO_LARGE) are refused. The tree walk stops at the
 * provenance caps and says so with PROVENANCE_TOO_LARGE, so a partial walk never passes.
 * Read-only: it writes nothing and emits no event.
 */
public final class CollateralVerification {

    private final RobotRegistry robots;
    private final Goods goods;
    private final Anchors anchors;
    private final Collateral collateral;
    private final int maxDepth;
    private final int maxNodes;

    public CollateralVerification(RobotRegistry robots, Goods goods, Anchors anchors, Collateral collateral) {
        this(robots, goods, anchors, collateral, ProvenanceQueries.DEPTH_CAP, ProvenanceQueries.NODE_CAP);
    }

    /** With smaller tree bounds, for tests of the bounds. */
    public CollateralVerification(
            RobotRegistry robots, Goods goods, Anchors anchors, Collateral collateral, int maxDepth, int maxNodes) {
        this.robots = robots;
        this.goods = goods;
        this.anchors = anchors;
        this.collateral = collateral;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    public CollateralReport verify(WorldState state, String goodId) {
        Good good = goods.get(state, goodId);
        Walk walk = new Walk(state, good);
        walk.checkStanding();
        walk.visit(good, 0);
        List<ReportReason> reasons = walk.reasons;
        return new CollateralReport(
                goodId,
                good.custodianOrg(),
                reasons.isEmpty() ? Verdict.ELIGIBLE : Verdict.NOT_ELIGIBLE,
                reasons,
                walk.coverage(),
                state.txEpochMillis(),
                state.txId());
    }

    private final class Walk {
        private final WorldState state;
        private final Good root;
        private final List<ReportReason> reasons = new ArrayList<>();
        private final Map<String, Optional<Robot>> robotCache = new HashMap<>();
        private final Map<String, Optional<TelemetryAnchor>> anchorCache = new HashMap<>();
        private int nodes;
        private int deepest;
        private int rawParts;
        private int qualityChecks;
        private int custodySteps;
        private int productsAbove;
        private boolean tooDeep;
        private boolean tooMany;

        Walk(WorldState state, Good root) {
            this.state = state;
            this.root = root;
        }

        VerificationCoverage coverage() {
            return new VerificationCoverage(
                    nodes,
                    deepest,
                    rawParts,
                    robotCache.size(),
                    anchorCache.size(),
                    qualityChecks,
                    custodySteps,
                    productsAbove,
                    !tooDeep && !tooMany);
        }

        /** What only the good itself is asked: is it free to pledge, and is nothing above it pledged. */
        void checkStanding() {
            if (root.status() == GoodStatus.CONSUMED) {
                add(
                        ReasonCode.GOOD_NOT_ACTIVE,
                        root.id(),
                        "good " + root.id() + " is CONSUMED into product " + root.parentId()
                                + "; it can only serve as collateral as part of that product");
            } else if (root.status() == GoodStatus.QUARANTINED) {
                add(
                        ReasonCode.GOOD_NOT_ACTIVE,
                        root.id(),
                        "good " + root.id() + " is QUARANTINED after a failed "
                                + "quality check; only an operator's disposition releases it");
            } else if (root.status() == GoodStatus.SCRAPPED) {
                add(
                        ReasonCode.GOOD_NOT_ACTIVE,
                        root.id(),
                        "good " + root.id() + " was SCRAPPED by an operator's"
                                + " disposition after a failed quality check");
            }
            List<Good> products = collateral.productsAbove(state, root);
            productsAbove = products.size();
            for (Good product : products) {
                collateral
                        .activeLien(state, product.id())
                        .ifPresent(lien -> add(
                                ReasonCode.ENCUMBERED,
                                product.id(),
                                "product " + product.id() + ", which contains good " + root.id()
                                        + ", secures active loan " + describe(lien)));
            }
        }

        void visit(Good good, int depth) {
            if (tooMany) {
                return;
            }
            if (depth > maxDepth) {
                if (!tooDeep) {
                    tooDeep = true;
                    add(
                            ReasonCode.PROVENANCE_TOO_LARGE,
                            root.id(),
                            "provenance of good " + root.id()
                                    + " goes deeper than " + maxDepth + " levels below it (part " + good.id()
                                    + " is at depth "
                                    + depth + "); the parts below that depth were not verified");
                }
                return;
            }
            if (nodes == maxNodes) {
                tooMany = true;
                add(
                        ReasonCode.PROVENANCE_TOO_LARGE,
                        root.id(),
                        "provenance of good " + root.id() + " has more than " + maxNodes + " goods; part " + good.id()
                                + " and the goods after it were not verified");
                return;
            }
            nodes++;
            deepest = Math.max(deepest, depth);
            if (good.partIds().isEmpty()) {
                rawParts++;
            }
            checkRecall(good);
            checkRobot(good);
            checkQuality(good);
            checkCustody(good);
            checkLien(good);
            checkAnchor(good);
            for (String partId : good.partIds()) {
                Optional<Good> part = goods.find(state, partId);
                if (part.isEmpty()) {
                    add(
                            ReasonCode.PART_NOT_RECORDED,
                            partId,
                            "assembly " + good.id() + " lists part " + partId
                                    + ", which is not recorded on the ledger");
                } else {
                    visit(part.get(), depth + 1);
                }
            }
        }

        private void checkRecall(Good good) {
            RecallMark mark = good.recall();
            if (mark != null) {
                add(
                        ReasonCode.RECALLED,
                        good.id(),
                        "good " + good.id() + " was recalled"
                                + (mark.downstream() ? " with a part inside it" : "") + " (recall " + mark.recallId()
                                + "): "
                                + mark.reason());
            } else if (good.status() == GoodStatus.RECALLED) {
                add(ReasonCode.RECALLED, good.id(), "good " + good.id() + " is RECALLED");
            }
        }

        private void checkRobot(Good good) {
            Production production = good.production();
            String robotId = production.robotId();
            Optional<Robot> robot = robotCache.computeIfAbsent(robotId, id -> robots.find(state, id));
            if (robot.isEmpty()) {
                add(
                        ReasonCode.ROBOT_NOT_REGISTERED,
                        good.id(),
                        "good " + good.id() + " names robot " + robotId + ", which is not registered");
                return;
            }
            Long revokedAt = robot.get().revokedAtEpochMillis();
            if (revokedAt != null && revokedAt <= production.producedAtEpochMillis()) {
                add(
                        ReasonCode.ROBOT_REVOKED,
                        good.id(),
                        "robot " + robotId + " was revoked at " + revokedAt + " ("
                                + robot.get().revocationReason() + "), not after good " + good.id()
                                + " was produced at "
                                + production.producedAtEpochMillis());
            }
        }

        /** At least one check; for each check type, the latest result must be PASS. */
        private void checkQuality(Good good) {
            List<QualityCheck> checks = good.qualityChecks();
            qualityChecks += checks.size();
            if (checks.isEmpty()) {
                add(ReasonCode.QUALITY_NOT_CHECKED, good.id(), "good " + good.id() + " has no quality check");
                return;
            }
            Map<String, QualityCheck> latestByType = new LinkedHashMap<>();
            checks.forEach(check -> latestByType.put(check.checkType(), check));
            latestByType.values().stream()
                    .filter(check -> check.result() == QualityResult.FAIL)
                    .forEach(check -> add(
                            ReasonCode.QUALITY_FAILED,
                            good.id(),
                            "the latest '" + check.checkType() + "' check of good "
                                    + good.id() + " failed (check " + check.checkId() + " by " + check.byOrg()
                                    + ", inspector "
                                    + check.inspector() + ", at " + check.checkedAtEpochMillis() + ")"));
        }

        /**
         * Starts with PRODUCED to the producer; every later step leaves from the org holding the
         * good after the custody-changing steps before it (PRODUCED, ACCEPTED, LIQUIDATED); an
         * acceptance, rejection or cancellation closes the open offer to the same org; the chain
         * ends at the custodian with the same offer open as the good's pending transfer.
         */
        private void checkCustody(Good good) {
            List<CustodyEntry> steps = good.custodyHistory();
            custodySteps += steps.size();
            brokenCustody(good, steps).ifPresent(detail -> add(ReasonCode.CUSTODY_BROKEN, good.id(), detail));
            PendingTransfer pending = good.pendingTransfer();
            if (pending != null) {
                add(
                        ReasonCode.TRANSFER_PENDING,
                        good.id(),
                        "good " + good.id() + " is offered by " + pending.fromOrg() + " to " + pending.toOrg()
                                + " (event " + pending.eventId() + "), not yet accepted or withdrawn");
            }
        }

        private Optional<String> brokenCustody(Good good, List<CustodyEntry> steps) {
            String producer = good.production().producerOrg();
            if (steps.isEmpty()
                    || steps.get(0).action() != CustodyAction.PRODUCED
                    || !producer.equals(steps.get(0).toOrg())) {
                return Optional.of("the custody chain of good " + good.id() + " does not start with PRODUCED to its "
                        + "producer " + producer);
            }
            String holder = producer;
            String offeredTo = null;
            for (int i = 1; i < steps.size(); i++) {
                CustodyEntry step = steps.get(i);
                String at = "step " + i + " (" + step.action() + ", event " + step.eventId() + ") of good " + good.id();
                if (!holder.equals(step.fromOrg())) {
                    return Optional.of(at + " leaves from " + step.fromOrg() + ", but " + holder + " held it");
                }
                switch (step.action()) {
                    case PRODUCED -> {
                        return Optional.of(at + " records a second production");
                    }
                    case PROPOSED -> {
                        if (offeredTo != null) {
                            return Optional.of(at + " offers it to " + step.toOrg() + " while an offer to " + offeredTo
                                    + " is open");
                        }
                        offeredTo = step.toOrg();
                    }
                    case ACCEPTED, REJECTED, CANCELLED -> {
                        if (offeredTo == null || !offeredTo.equals(step.toOrg())) {
                            return Optional.of(at + " closes an offer to " + step.toOrg() + " that was never open");
                        }
                        offeredTo = null;
                        if (step.action() == CustodyAction.ACCEPTED) {
                            holder = step.toOrg();
                        }
                    }
                    case LIQUIDATED -> {
                        holder = step.toOrg();
                        offeredTo = null;
                    }
                }
            }
            if (!holder.equals(good.custodianOrg())) {
                return Optional.of("the custody chain of good " + good.id() + " ends at " + holder
                        + ", but its custodian is " + good.custodianOrg());
            }
            PendingTransfer pending = good.pendingTransfer();
            String pendingTo = pending == null ? null : pending.toOrg();
            if (offeredTo == null ? pendingTo != null : !offeredTo.equals(pendingTo)) {
                return Optional.of("the custody chain of good " + good.id() + " leaves an offer to " + offeredTo
                        + " open, but its pending transfer is to " + pendingTo);
            }
            return Optional.empty();
        }

        private void checkLien(Good good) {
            collateral
                    .activeLien(state, good.id())
                    .ifPresent(lien -> add(
                            ReasonCode.ENCUMBERED,
                            good.id(),
                            (good == root
                                            ? "good " + good.id()
                                            : "part " + good.id() + ", inside good " + root.id() + ",")
                                    + " secures active loan " + describe(lien)));
        }

        private void checkAnchor(Good good) {
            Production production = good.production();
            TelemetryRef ref = production.telemetryAnchor();
            if (ref == null) {
                add(
                        ReasonCode.UNANCHORED,
                        good.id(),
                        "good " + good.id() + " is unanchored: its production names no " + "telemetry batch");
                return;
            }
            Optional<TelemetryAnchor> recorded =
                    anchorCache.computeIfAbsent(ref.batchId(), batchId -> anchors.find(state, batchId));
            if (recorded.isEmpty()) {
                add(
                        ReasonCode.ANCHOR_NOT_RECORDED,
                        good.id(),
                        "good " + good.id() + " names telemetry batch " + ref.batchId()
                                + ", which has no anchor on the ledger");
                return;
            }
            TelemetryAnchor anchor = recorded.get();
            if (!anchor.merkleRoot().equals(ref.merkleRoot())) {
                add(
                        ReasonCode.ANCHOR_ROOT_MISMATCH,
                        good.id(),
                        "good " + good.id() + " names Merkle root "
                                + ref.merkleRoot() + " for batch " + ref.batchId() + ", whose anchor (transaction "
                                + anchor.txId() + ") has root " + anchor.merkleRoot());
            }
            if (!anchor.robotIds().contains(production.robotId())) {
                add(
                        ReasonCode.ANCHOR_ROBOT_NOT_COVERED,
                        good.id(),
                        "the anchor of batch " + ref.batchId()
                                + " covers robots " + anchor.robotIds() + ", not robot " + production.robotId()
                                + " that made good " + good.id());
            }
            long producedAt = production.producedAtEpochMillis();
            if (producedAt < anchor.fromEpochMillis() || producedAt > anchor.toEpochMillis()) {
                add(
                        ReasonCode.ANCHOR_TIME_NOT_COVERED,
                        good.id(),
                        "the anchor of batch " + ref.batchId() + " covers ["
                                + anchor.fromEpochMillis() + ", " + anchor.toEpochMillis()
                                + "], not the production of good "
                                + good.id() + " at " + producedAt);
            }
        }

        private void add(ReasonCode code, String goodId, String detail) {
            reasons.add(new ReportReason(code, goodId, detail));
        }
    }

    private static String describe(Lien lien) {
        return lien.loanId() + " of lender " + lien.lenderOrg() + " (borrower " + lien.borrowerOrg() + ")";
    }
}

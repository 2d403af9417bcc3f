package dev.robotledger.chaincode.recall;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.good.Encumbrances;
import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.GoodIncident;
import dev.robotledger.chaincode.good.GoodStatus;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.good.RecallMark;
import dev.robotledger.chaincode.good.RobotOutputEntry;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.chaincode.robot.RobotRegistry;
import dev.robotledger.contract.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recalls and where-used. A recall marks the named goods and every product above them RECALLED
 * (parts below a recalled assembly are not implied defective). Only the org that produced a good
 * or owns the robot may recall. A recalled good held by another org changes that org's
 * endorsed key, so such a recall must also be endorsed by the holders' peers.
 */
public final class Recalls {

    /** Bounds one recall's write set. */
    public static final int MAX_AFFECTED_GOODS = 5_000;
    // Assemblies cannot form cycles, but a thousand legitimate assemblies can stack one product
    // on another: past this height a walk up the chain is refused rather than done.
    private static final int MAX_PARENT_CHAIN = 1_000;

    private final RobotRegistry robots;
    private final Goods goods;
    private final Encumbrances encumbrances;
    private final int maxAffectedGoods;

    public Recalls(RobotRegistry robots, Goods goods, Encumbrances encumbrances) {
        this(robots, goods, encumbrances, MAX_AFFECTED_GOODS);
    }

    /** With a smaller bound on the goods one recall may mark, for tests of the bound. */
    public Recalls(RobotRegistry robots, Goods goods, Encumbrances encumbrances, int maxAffectedGoods) {
        this.robots = robots;
        this.goods = goods;
        this.encumbrances = encumbrances;
        this.maxAffectedGoods = maxAffectedGoods;
    }

    public WriteOutcome recallGood(WorldState state, Caller caller, String eventId, RecallGoodRequest request) {
        caller.requireRole(OrgRole.MANUFACTURER, "recall goods");
        Good good = goods.get(state, request.goodId());
        if (!good.production().producerOrg().equals(caller.mspId())) {
            throw Refusals.of(
                    ErrorCode.NOT_PRODUCER,
                    caller.mspId() + " may not recall good " + good.id() + ": it was produced by "
                            + good.production().producerOrg());
        }
        Recall recall =
                apply(state, caller, eventId, List.of(good), request.goodId(), null, null, null, request.reason());
        return new WriteOutcome("GoodRecalled", good.id(), affected(recall), recall);
    }

    public WriteOutcome recallRobotOutput(
            WorldState state, Caller caller, String eventId, RecallRobotOutputRequest request) {
        caller.requireRole(OrgRole.MANUFACTURER, "recall robot output");
        RobotRegistry.requireOwner(robots.get(state, request.robotId()), caller);
        List<RobotOutputEntry> output =
                goods.producedBy(state, request.robotId(), request.fromEpochMillis(), request.toEpochMillis());
        if (output.size() > maxAffectedGoods) {
            throw tooLarge(request.robotId(), output.size());
        }
        List<Good> named =
                output.stream().map(entry -> goods.get(state, entry.goodId())).toList();
        Recall recall = apply(
                state,
                caller,
                eventId,
                named,
                null,
                request.robotId(),
                request.fromEpochMillis(),
                request.toEpochMillis(),
                request.reason());
        return new WriteOutcome("RobotOutputRecalled", request.robotId(), affected(recall), recall);
    }

    public WhereUsed whereUsed(WorldState state, String goodId) {
        Good good = goods.get(state, goodId);
        List<String> products = new ArrayList<>();
        for (Good parent : parents(state, good)) {
            products.add(parent.id());
        }
        return new WhereUsed(goodId, products);
    }

    public Recall get(WorldState state, String recallId) {
        return state.find(Recall.key(recallId), Recall.class)
                .orElseThrow(() -> Refusals.of(ErrorCode.RECALL_NOT_FOUND, "recall " + recallId + " does not exist"));
    }

    private Recall apply(
            WorldState state,
            Caller caller,
            String eventId,
            List<Good> named,
            String goodId,
            String robotId,
            Long from,
            Long to,
            String reason) {
        Map<String, Good> downstream = new LinkedHashMap<>();
        Set<String> namedIds = new LinkedHashSet<>();
        named.forEach(good -> namedIds.add(good.id()));
        for (Good good : named) {
            // Stop at the first product already collected: everything above it is collected too.
            String parentId = good.parentId();
            while (parentId != null && !downstream.containsKey(parentId) && !namedIds.contains(parentId)) {
                Good parent = goods.get(state, parentId);
                downstream.put(parentId, parent);
                parentId = parent.parentId();
            }
            if (namedIds.size() + downstream.size() > maxAffectedGoods) {
                throw tooLarge(goodId != null ? goodId : robotId, namedIds.size() + downstream.size());
            }
        }
        long now = state.txEpochMillis();
        for (Good good : named) {
            mark(state, good, new RecallMark(eventId, reason, false, now), eventId);
        }
        for (Good good : downstream.values()) {
            mark(state, good, new RecallMark(eventId, reason, true, now), eventId);
        }
        Recall recall = new Recall(
                eventId,
                goodId,
                robotId,
                from,
                to,
                reason,
                caller.mspId(),
                now,
                state.txId(),
                List.copyOf(namedIds),
                List.copyOf(downstream.keySet()));
        state.put(Recall.key(eventId), recall);
        return recall;
    }

    // An already recalled good keeps its first recall mark; rewriting it would change nothing useful.
    private void mark(WorldState state, Good good, RecallMark mark, String eventId) {
        if (good.status() != GoodStatus.RECALLED) {
            goods.update(state, good.recall(mark));
            encumbrances.report(state, good.id(), GoodIncident.RECALLED, eventId);
        }
    }

    private List<Good> parents(WorldState state, Good good) {
        List<Good> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(good.id());
        String parentId = good.parentId();
        while (parentId != null) {
            if (!seen.add(parentId)) {
                throw new IllegalStateException("parent chain of good " + good.id() + " loops at " + parentId);
            }
            if (chain.size() == MAX_PARENT_CHAIN) {
                throw Refusals.of(
                        ErrorCode.RESULT_TOO_LARGE,
                        "good " + good.id() + " lies more than " + MAX_PARENT_CHAIN
                                + " assemblies deep; the products above it cannot be recalled with it");
            }
            Good parent = goods.get(state, parentId);
            chain.add(parent);
            parentId = parent.parentId();
        }
        return chain;
    }

    private static List<String> affected(Recall recall) {
        List<String> ids = new ArrayList<>(recall.recalledGoodIds());
        ids.addAll(recall.downstreamGoodIds());
        return ids;
    }

    private RuntimeException tooLarge(String subject, int count) {
        return Refusals.of(
                ErrorCode.RECALL_TOO_LARGE,
                "recall of " + subject + " would mark at least " + count + " goods; at most " + maxAffectedGoods
                        + " per transaction: split it into shorter windows");
    }
}

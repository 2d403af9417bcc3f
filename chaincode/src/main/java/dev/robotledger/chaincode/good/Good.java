package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.contract.CustodyAction;
import dev.robotledger.contract.Disposition;
import dev.robotledger.contract.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A component or product, stored under {@code good/<id>}. An assembly lists its parts; each
 * consumed part points to its parent, so trees are walked down by {@code partIds} and up by
 * {@code parentId}. State changes are guarded transitions that name the current state when
 * they refuse.
 */
public record Good(
        String id,
        Production production,
        List<String> partIds,
        String custodianOrg,
        GoodStatus status,
        String parentId,
        List<QualityCheck> qualityChecks,
        List<CustodyEntry> custodyHistory,
        PendingTransfer pendingTransfer,
        RecallMark recall,
        List<DispositionRecord> dispositions) {

    static final String OBJECT_TYPE = "good";

    public Good {
        partIds = List.copyOf(partIds);
        qualityChecks = List.copyOf(qualityChecks);
        custodyHistory = List.copyOf(custodyHistory);
        dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
    }

    public static StateKey key(String goodId) {
        return StateKey.of(OBJECT_TYPE, goodId);
    }

    /**
     * The event id that recorded this good's production (RecordProduction or AssembleProduct): its
     * custody history starts with that PRODUCED step, in every version of the state.
     */
    public String productionEventId() {
        return custodyHistory.stream()
                .filter(entry -> entry.action() == CustodyAction.PRODUCED)
                .findFirst()
                .map(CustodyEntry::eventId)
                .orElseThrow(() -> new IllegalStateException("good " + id + " has no PRODUCED custody entry"));
    }

    /**
     * This good, if {@code producedBy} names the production that made it; otherwise the good id was
     * reused by another production and {@code event} belongs to that other good.
     */
    public Good requireProducedBy(String producedBy, String event) {
        String recorded = productionEventId();
        if (!recorded.equals(producedBy)) {
            throw Refusals.of(
                    ErrorCode.PRODUCTION_MISMATCH,
                    event + " names good " + id + " as made by production "
                            + producedBy + ", but the ledger's good " + id + " was made by production " + recorded
                            + " (transaction " + production.recordedInTxId() + "); the good id was reused");
        }
        return this;
    }

    public boolean isCustodian(Caller caller) {
        return custodianOrg.equals(caller.mspId());
    }

    public Good requireCustodian(Caller caller, String action) {
        if (!isCustodian(caller)) {
            throw Refusals.of(
                    ErrorCode.NOT_CUSTODIAN,
                    caller.mspId() + " may not " + action + " good " + id + ": its custodian is " + custodianOrg);
        }
        return this;
    }

    public Good requireActive(String action) {
        if (status == GoodStatus.CONSUMED) {
            throw Refusals.of(
                    ErrorCode.PART_ALREADY_CONSUMED,
                    "cannot " + action + " good " + id + ": it is CONSUMED into " + parentId);
        }
        requireNotQuarantined(action);
        if (status != GoodStatus.ACTIVE) {
            throw Refusals.of(ErrorCode.GOOD_NOT_ACTIVE, "cannot " + action + " good " + id + ": it is " + status);
        }
        return this;
    }

    /** Refuses while a failed check holds the good; only an operator's disposition lifts it. */
    public Good requireNotQuarantined(String action) {
        if (status == GoodStatus.QUARANTINED) {
            throw Refusals.of(
                    ErrorCode.GOOD_QUARANTINED,
                    "cannot " + action + " good " + id
                            + ": it is QUARANTINED after failed check " + lastFailedCheckId()
                            + "; an operator's disposition (DisposeQuarantined) must release it first");
        }
        return this;
    }

    public Good requireNoPendingTransfer(String action) {
        if (pendingTransfer != null) {
            throw Refusals.of(
                    ErrorCode.TRANSFER_PENDING,
                    "cannot " + action + " good " + id + ": a transfer to " + pendingTransfer.toOrg()
                            + " is pending (event " + pendingTransfer.eventId() + ")");
        }
        return this;
    }

    /** This part, built into {@code parent}; only an ACTIVE, unconsumed part without a pending transfer. */
    public Good consumeInto(String parent) {
        requireActive("consume");
        requireNoPendingTransfer("consume");
        return new Good(
                id,
                production,
                partIds,
                custodianOrg,
                GoodStatus.CONSUMED,
                parent,
                qualityChecks,
                custodyHistory,
                null,
                recall,
                dispositions);
    }

    /**
     * Records a check; a FAIL quarantines an ACTIVE good. Only ACTIVE goods take checks: a
     * quarantined one waits for an operator's disposition, so no later PASS can release it.
     */
    public Good withQualityCheck(QualityCheck check) {
        requireActive("record a quality check on");
        List<QualityCheck> checks = new ArrayList<>(qualityChecks);
        checks.add(check);
        GoodStatus next = check.result() == QualityResult.FAIL ? GoodStatus.QUARANTINED : status;
        return new Good(
                id,
                production,
                partIds,
                custodianOrg,
                next,
                parentId,
                checks,
                custodyHistory,
                pendingTransfer,
                recall,
                dispositions);
    }

    /**
     * Offers the good to another org. Recalled goods may move (they are returned to be inspected
     * or scrapped); consumed parts travel only inside their product; quarantined and scrapped
     * goods stay where they are.
     */
    public Good proposeTransfer(PendingTransfer transfer, CustodyEntry entry) {
        if (status != GoodStatus.RECALLED) {
            requireActive("transfer");
        }
        requireNoPendingTransfer("transfer");
        return new Good(
                id,
                production,
                partIds,
                custodianOrg,
                status,
                parentId,
                qualityChecks,
                append(entry),
                transfer,
                recall,
                dispositions);
    }

    /** Closes the pending transfer; on ACCEPTED the receiver becomes custodian. */
    public Good closeTransfer(CustodyEntry entry) {
        if (pendingTransfer == null) {
            throw Refusals.of(
                    ErrorCode.NO_PENDING_TRANSFER,
                    "good " + id + " has no pending transfer (custodian " + custodianOrg + ")");
        }
        String custodian = entry.action() == CustodyAction.ACCEPTED ? pendingTransfer.toOrg() : custodianOrg;
        return new Good(
                id,
                production,
                partIds,
                custodian,
                status,
                parentId,
                qualityChecks,
                append(entry),
                null,
                recall,
                dispositions);
    }

    /**
     * The lender of a defaulted loan takes custody, whatever the good's status; any pending offer
     * to a third org lapses.
     */
    public Good liquidateTo(CustodyEntry entry) {
        if (entry.action() != CustodyAction.LIQUIDATED) {
            throw new IllegalArgumentException("a liquidation needs a LIQUIDATED custody entry, not " + entry.action());
        }
        return new Good(
                id,
                production,
                partIds,
                entry.toOrg(),
                status,
                parentId,
                qualityChecks,
                append(entry),
                null,
                recall,
                dispositions);
    }

    public Good recall(RecallMark mark) {
        return new Good(
                id,
                production,
                partIds,
                custodianOrg,
                GoodStatus.RECALLED,
                parentId,
                qualityChecks,
                custodyHistory,
                pendingTransfer,
                mark,
                dispositions);
    }

    /** The operator's decision on this quarantined good: RELEASE makes it ACTIVE, SCRAP makes it SCRAPPED. */
    public Good dispose(DispositionRecord disposition) {
        if (status != GoodStatus.QUARANTINED) {
            throw Refusals.of(
                    ErrorCode.GOOD_NOT_QUARANTINED,
                    "cannot " + disposition.decision() + " good " + id + ": it is " + status + ", not QUARANTINED");
        }
        GoodStatus next = disposition.decision() == Disposition.RELEASE ? GoodStatus.ACTIVE : GoodStatus.SCRAPPED;
        List<DispositionRecord> decided = new ArrayList<>(dispositions);
        decided.add(disposition);
        return new Good(
                id,
                production,
                partIds,
                custodianOrg,
                next,
                parentId,
                qualityChecks,
                custodyHistory,
                pendingTransfer,
                recall,
                decided);
    }

    private String lastFailedCheckId() {
        for (int i = qualityChecks.size() - 1; i >= 0; i--) {
            if (qualityChecks.get(i).result() == QualityResult.FAIL) {
                return qualityChecks.get(i).checkId();
            }
        }
        return "(none recorded)";
    }

    private List<CustodyEntry> append(CustodyEntry entry) {
        List<CustodyEntry> history = new ArrayList<>(custodyHistory);
        history.add(entry);
        return history;
    }
}

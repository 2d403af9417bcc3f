package dev.robotledger.chaincode.custody;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgDirectory;
import dev.robotledger.chaincode.good.CustodyEntry;
import dev.robotledger.chaincode.good.Encumbrances;
import dev.robotledger.chaincode.good.Good;
import dev.robotledger.chaincode.good.GoodIncident;
import dev.robotledger.chaincode.good.Goods;
import dev.robotledger.chaincode.good.PendingTransfer;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.contract.CustodyAction;
import dev.robotledger.contract.ErrorCode;

/**
 * Custody moves by propose-then-accept: the custodian proposes, only the receiving org accepts
 * or rejects, and the custodian may cancel while it is pending. Every step is appended to the
 * good's custody history. Acceptance changes the good's key-level endorsement to the receiver,
 * and, because the key still carries the sender's policy when it is accepted, an acceptance must
 * be endorsed by both orgs' peers.
 */
public final class Custody {

    private final Goods goods;
    private final Encumbrances encumbrances;

    public Custody(Goods goods, Encumbrances encumbrances) {
        this.goods = goods;
        this.encumbrances = encumbrances;
    }

    public WriteOutcome propose(WorldState state, Caller caller, String eventId, TransferProposal proposal) {
        String toOrg = proposal.toOrg();
        if (OrgDirectory.roleOf(toOrg).isEmpty()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "cannot transfer good " + proposal.goodId() + " to " + toOrg
                            + ": not an organisation of this channel "
                            + OrgDirectory.knownMspIds().stream().sorted().toList());
        }
        Good good = goods.get(state, proposal.goodId())
                .requireProducedBy(proposal.producedBy(), "transfer " + eventId)
                .requireCustodian(caller, "transfer");
        if (toOrg.equals(caller.mspId())) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, "good " + good.id() + " is already held by " + toOrg);
        }
        long now = state.txEpochMillis();
        Good proposed = good.proposeTransfer(
                new PendingTransfer(caller.mspId(), toOrg, now, eventId),
                new CustodyEntry(CustodyAction.PROPOSED, caller.mspId(), toOrg, now, state.txId(), eventId));
        goods.update(state, proposed);
        // A pledged good may be offered (the ledger then records the attempt on the loan) but not accepted.
        encumbrances.report(state, good.id(), GoodIncident.CUSTODY_CHANGE_PROPOSED, eventId);
        return WriteOutcome.of("TransferProposed", good.id(), proposed);
    }

    public WriteOutcome accept(WorldState state, Caller caller, String eventId, TransferDecision decision) {
        Good good = requireRecipient(state, caller, decision.goodId(), "accept");
        encumbrances.requireUnencumbered(state, good.id(), "accept custody of");
        Good accepted = good.closeTransfer(entry(state, CustodyAction.ACCEPTED, good, eventId));
        goods.updateCustodian(state, accepted);
        return WriteOutcome.of("TransferAccepted", good.id(), accepted);
    }

    public WriteOutcome reject(WorldState state, Caller caller, String eventId, TransferDecision decision) {
        Good good = requireRecipient(state, caller, decision.goodId(), "reject");
        Good rejected = good.closeTransfer(entry(state, CustodyAction.REJECTED, good, eventId));
        goods.update(state, rejected);
        return WriteOutcome.of("TransferRejected", good.id(), rejected);
    }

    public WriteOutcome cancel(WorldState state, Caller caller, String eventId, TransferDecision decision) {
        Good good = goods.get(state, decision.goodId()).requireCustodian(caller, "cancel the transfer of");
        Good cancelled = good.closeTransfer(entry(state, CustodyAction.CANCELLED, good, eventId));
        goods.update(state, cancelled);
        return WriteOutcome.of("TransferCancelled", good.id(), cancelled);
    }

    private Good requireRecipient(WorldState state, Caller caller, String goodId, String action) {
        Good good = goods.get(state, goodId);
        PendingTransfer pending = good.pendingTransfer();
        if (pending == null) {
            throw Refusals.of(
                    ErrorCode.NO_PENDING_TRANSFER,
                    "good " + goodId + " has no pending transfer to " + action + " (custodian " + good.custodianOrg()
                            + ")");
        }
        if (!pending.toOrg().equals(caller.mspId())) {
            throw Refusals.of(
                    ErrorCode.NOT_TRANSFER_RECIPIENT,
                    caller.mspId() + " may not " + action + " the transfer of good " + goodId + ": it is addressed to "
                            + pending.toOrg());
        }
        return good;
    }

    private static CustodyEntry entry(WorldState state, CustodyAction action, Good good, String eventId) {
        PendingTransfer pending = good.pendingTransfer();
        String toOrg = pending == null ? null : pending.toOrg();
        return new CustodyEntry(action, good.custodianOrg(), toOrg, state.txEpochMillis(), state.txId(), eventId);
    }
}

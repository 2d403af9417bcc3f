package dev.robotledger.gateway.custody.fabric;

import dev.robotledger.gateway.custody.CustodyLedger;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient.Committed;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * The contract's {@code ProposeTransfer}, {@code AcceptTransfer} and {@code RejectTransfer}. An
 * accepted transfer changes the good's key-level endorsement policy from the sender's peer to the
 * receiver's, which the Gateway's discovery does not follow: the accept names both organisations
 * as endorsers (chaincode/README.md, "Endorsement").
 */
final class FabricCustodyLedger implements CustodyLedger {

    private final ProvenanceContractClient contract;
    private final String mspId;

    FabricCustodyLedger(ProvenanceContractClient contract, String mspId) {
        this.contract = contract;
        this.mspId = mspId;
    }

    @Override
    public String mspId() {
        return mspId;
    }

    @Override
    public Recorded proposeTransfer(String eventId, String goodId, String producedBy, String toOrg) {
        return recorded(
                contract.proposeTransfer(eventId, Map.of("goodId", goodId, "producedBy", producedBy, "toOrg", toOrg)));
    }

    @Override
    public Recorded acceptTransfer(String eventId, String goodId, String fromOrg) {
        List<String> endorsers = fromOrg.equals(mspId) ? List.of(mspId) : List.of(fromOrg, mspId);
        return recorded(contract.acceptTransfer(eventId, Map.of("goodId", goodId), endorsers));
    }

    @Override
    public Recorded rejectTransfer(String eventId, String goodId) {
        return recorded(contract.rejectTransfer(eventId, Map.of("goodId", goodId)));
    }

    private static Recorded recorded(Committed committed) {
        try {
            return new Recorded(
                    committed.transactionId(), committed.blockNumber(), Json.MAPPER.readTree(committed.result()));
        } catch (JacksonException e) {
            throw new IllegalStateException("the chaincode's answer is not JSON", e);
        }
    }
}

package dev.robotledger.gateway.bitcoin.fabric;

import dev.robotledger.gateway.bitcoin.BitcoinAnchorLedger;
import dev.robotledger.gateway.bitcoin.BitcoinAnchorRequest;
import dev.robotledger.gateway.ledger.fabric.ProvenanceContractClient;

/** {@code RecordBitcoinAnchor} through the contract client; a replay of the event id commits nothing new. */
final class FabricBitcoinAnchorLedger implements BitcoinAnchorLedger {

    private final ProvenanceContractClient contract;

    FabricBitcoinAnchorLedger(ProvenanceContractClient contract) {
        this.contract = contract;
    }

    @Override
    public String record(String eventId, BitcoinAnchorRequest request) {
        return contract.recordBitcoinAnchor(eventId, request).transactionId();
    }
}

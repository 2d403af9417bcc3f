package dev.robotledger.gateway.provenance;

import dev.robotledger.contract.CustodyAction;
import dev.robotledger.contract.Sgtin;
import java.util.List;
import java.util.Optional;

/**
 * A component or product as the chaincode stores it: its production, the parts it was assembled
 * from, its checks and custody chain in ledger order, and the recall that reached it, if any.
 */
public record Good(
        String id,
        Production production,
        List<String> partIds,
        String custodianOrg,
        GoodStatus status,
        List<QualityCheck> qualityChecks,
        List<CustodyEntry> custodyHistory,
        RecallMark recall) {

    public Good {
        Fields.requireText("good.id", id);
        Fields.requirePresent("good " + id + ": production", production);
        Fields.requireText("good " + id + ": custodianOrg", custodianOrg);
        Fields.requirePresent("good " + id + ": status", status);
        partIds = List.copyOf(partIds == null ? List.of() : partIds);
        qualityChecks = List.copyOf(qualityChecks == null ? List.of() : qualityChecks);
        custodyHistory = List.copyOf(Fields.requirePresent("good " + id + ": custodyHistory", custodyHistory));
        if (custodyHistory.isEmpty() || custodyHistory.get(0).action() != CustodyAction.PRODUCED) {
            throw new ProvenanceFormatException("good " + id + ": custodyHistory must start with PRODUCED");
        }
    }

    /** The good's GS1 identity: its SGTIN when it has a GTIN and serial, else empty (a plain id). */
    public Optional<Sgtin> sgtin() {
        return production.gtin() == null ? Optional.empty() : Sgtin.fromEpcUri(id);
    }

    /** The custody entry the production (or assembly) itself wrote: its ledger event. */
    public CustodyEntry producedEntry() {
        return custodyHistory.get(0);
    }
}

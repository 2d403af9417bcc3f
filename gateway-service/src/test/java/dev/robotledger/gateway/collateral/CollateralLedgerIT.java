package dev.robotledger.gateway.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.testing.EmbeddedLedger;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.ledger.embedded.ContractPeer.ReceivedProposal;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link CollateralLedgerTests} on the embedded ledger, all four gateways on its one peer. The
 * double checks no endorsement policy, so what shows that a pledge needs the lender's peer is the
 * organisations the gateway asked to endorse it ({@code setEndorsingOrganizations}).
 */
class CollateralLedgerIT extends CollateralLedgerTests<EmbeddedLedger> {

    @Override
    protected EmbeddedLedger openLedger(Path dir) throws Exception {
        return LedgerUnderTest.embedded(dir, 1);
    }

    @Override
    protected List<String> endorsersOf(ContractTransaction transaction, String loanId) {
        List<ReceivedProposal> sent = ledger.peer().proposals(transaction.functionName()).stream()
                .filter(proposal -> "Endorse".equals(proposal.rpc())
                        && proposal.args().get(1).contains(loanId))
                .toList();
        assertThat(sent).as("%s proposals for %s", transaction, loanId).isNotEmpty();
        return ledger.peer().endorsingOrganizations(sent.get(sent.size() - 1).transactionId());
    }
}

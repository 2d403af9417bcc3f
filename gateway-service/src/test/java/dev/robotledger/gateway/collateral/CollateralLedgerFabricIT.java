package dev.robotledger.gateway.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.gateway.testing.FabricTest;
import dev.robotledger.gateway.testing.LedgerTransaction;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import java.nio.file.Path;
import java.util.List;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * {@link CollateralLedgerTests} on the tests' Fabric network: each org's gateway on its own peer
 * as the identity {@code fabric.sh client <org>} gives it, the oracle's on the lender's peer.
 * Here the endorsement policy is real, so a write to a pledge shows it in the endorsements its
 * block carries.
 */
@FabricTest
class CollateralLedgerFabricIT extends CollateralLedgerTests<LedgerUnderTest> {

    @Override
    protected LedgerUnderTest openLedger(Path dir) {
        return LedgerUnderTest.fabric();
    }

    @Override
    protected List<String> endorsersOf(ContractTransaction transaction, String loanId) {
        List<LedgerTransaction> written = ledger.transactionsFrom(startHeight, transaction).stream()
                .filter(tx ->
                        tx.code() == TxValidationCode.VALID && tx.args().get(1).contains(loanId))
                .toList();
        assertThat(written)
                .as("VALID %s transactions for %s", transaction, loanId)
                .isNotEmpty();
        return written.get(written.size() - 1).endorserMspIds();
    }
}

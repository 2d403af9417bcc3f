package dev.robotledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.contract.ContractTransaction;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;

/** The contract API's list of transactions is the contract's: same names, same intents. */
class ContractTransactionsTest {

    @Test
    void everyTransactionOfTheContractIsInTheContractApiAndViceVersa() {
        Map<String, String> contract = Arrays.stream(ProvenanceContract.class.getDeclaredMethods())
                .map(method -> method.getAnnotation(Transaction.class))
                .filter(annotation -> annotation != null)
                .collect(Collectors.toMap(
                        Transaction::name, annotation -> annotation.intent().name()));
        Map<String, String> api = Arrays.stream(ContractTransaction.values())
                .collect(Collectors.toMap(
                        ContractTransaction::functionName, tx -> tx.intent().name()));

        assertThat(contract).isEqualTo(api);
    }
}

package dev.robotledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ContractTransactionTest {

    @Test
    void namesEveryTransactionOnce() {
        assertThat(Arrays.stream(ContractTransaction.values()).map(ContractTransaction::functionName))
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches("[A-Z][A-Za-z]+"));
    }
}

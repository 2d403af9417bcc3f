package dev.robotledger.contract.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FabricBlockHeaderTest {

    @Test
    void aHeaderNamingItsPredecessorsHashChainsToIt() {
        FabricBlockHeader first = new FabricBlockHeader(0, "", "11".repeat(32));
        FabricBlockHeader second = new FabricBlockHeader(1, first.hash(), "22".repeat(32));

        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(second.hash()).matches("[0-9a-f]{64}").isNotEqualTo(first.hash());
        assertThat(new FabricBlockHeader(1, first.hash(), "23" + "22".repeat(31)).hash())
                .isNotEqualTo(second.hash());
        assertThat(new FabricBlockHeader(2, first.hash(), "22".repeat(32)).hash())
                .isNotEqualTo(second.hash());
    }
}

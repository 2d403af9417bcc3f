package dev.robotledger.gateway.readmodel.fabric;

import static dev.robotledger.contract.ContractTransaction.RECALL_GOOD;
import static dev.robotledger.contract.ContractTransaction.RECORD_ANCHOR;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.gateway.readmodel.CommittedTransaction;
import dev.robotledger.gateway.readmodel.LedgerBlock;
import dev.robotledger.gateway.readmodel.StateWrite;
import dev.robotledger.gateway.readmodel.fabric.TestBlocks.Tx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class BlockDecoderTest {

    private final BlockDecoder decoder = new BlockDecoder("provenance");

    private static StateWrite good(String id, String json) {
        return new StateWrite("good", List.of(id), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takesTheWritesOfValidTransactionsOfItsChaincodeInBlockOrder() {
        StateWrite index =
                new StateWrite("robot~day~time~good", List.of("r-1", "20260302", "0800", "g-1"), new byte[] {0});
        Block block = TestBlocks.block(
                7,
                Tx.valid("tx-a", RECORD_PRODUCTION.functionName(), good("g-1", "{\"id\":\"g-1\"}"), index),
                Tx.valid("tx-b", RECALL_GOOD.functionName(), new StateWrite("good", List.of("g-2"), null)));

        LedgerBlock decoded = decoder.decode(block);

        assertThat(decoded.number()).isEqualTo(7);
        assertThat(decoded.transactions())
                .extracting(CommittedTransaction::transactionId)
                .containsExactly("tx-a", "tx-b");
        CommittedTransaction first = decoded.transactions().get(0);
        assertThat(first.function()).isEqualTo(RECORD_PRODUCTION.functionName());
        assertThat(first.creatorMspId()).isEqualTo("ManufacturerMSP");
        assertThat(first.index()).isZero();
        assertThat(first.writes()).extracting(StateWrite::objectType).containsExactly("good", "robot~day~time~good");
        assertThat(first.writes().get(1).attributes()).containsExactly("r-1", "20260302", "0800", "g-1");
        assertThat(new String(first.writes().get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"g-1\"}");
        assertThat(decoded.transactions().get(1).writes().get(0).isDelete()).isTrue();
    }

    @Test
    void leavesOutInvalidTransactionsOtherChaincodesAndConfigTransactions() {
        Block block = TestBlocks.block(
                3,
                Tx.valid("tx-conflict", RECORD_PRODUCTION.functionName(), good("g-1", "{}"))
                        .withCode(TxValidationCode.MVCC_READ_CONFLICT),
                Tx.valid("tx-other", "Put", good("g-2", "{}")).ofChaincode("othercc"),
                Tx.valid("tx-config", "", good("g-3", "{}")).ofType(HeaderType.CONFIG),
                Tx.valid("tx-ok", RECORD_PRODUCTION.functionName(), good("g-4", "{}")));

        LedgerBlock decoded = decoder.decode(block);

        assertThat(decoded.transactions())
                .extracting(CommittedTransaction::transactionId)
                .containsExactly("tx-ok");
        assertThat(decoded.transactions().get(0).index()).isEqualTo(3);
    }

    @Test
    void stripsTheContractNameFromTheFunction() {
        Block block =
                TestBlocks.block(1, Tx.valid("tx-a", "provenance:" + RECORD_ANCHOR.functionName(), good("g-1", "{}")));

        assertThat(decoder.decode(block).transactions().get(0).function()).isEqualTo(RECORD_ANCHOR.functionName());
    }

    @Test
    void refusesABlockWhoseTransactionsFilterDoesNotCoverItsTransactions() {
        Block block = TestBlocks.block(5, Tx.valid("tx-a", RECORD_PRODUCTION.functionName(), good("g-1", "{}")));
        Block withoutFilter = block.toBuilder()
                .setMetadata(block.getMetadata().toBuilder().setMetadata(2, com.google.protobuf.ByteString.EMPTY))
                .build();

        assertThatThrownBy(() -> decoder.decode(withoutFilter))
                .isInstanceOf(MalformedBlockException.class)
                .hasMessageContaining("block 5 has 1 transactions but a transactions filter of 0");
    }

    @Test
    void readsSimpleKeysAndRefusesACompositeKeyWithoutItsClosingSeparator() {
        assertThat(BlockDecoder.write(KVWrite.newBuilder()
                        .setKey("plain")
                        .setValue(com.google.protobuf.ByteString.copyFromUtf8("v"))
                        .build()))
                .satisfies(write -> {
                    assertThat(write.objectType()).isEmpty();
                    assertThat(write.attributes()).containsExactly("plain");
                });
        assertThatThrownBy(() -> BlockDecoder.write(
                        KVWrite.newBuilder().setKey("\u0000good\u0000g-1").build()))
                .isInstanceOf(MalformedBlockException.class)
                .hasMessageContaining("|good|g-1");
    }
}

package dev.robotledger.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger's block file after a crash: what a torn write leaves, and damage it must not hide. */
class BlockFileTest {

    @TempDir
    Path dir;

    @Test
    void cutsOffALastBlockThatWasNotWrittenWholeAndContinuesTheChainFromTheLastWholeOne() throws Exception {
        Path blocks = dir.resolve("blocks");
        Block first;
        try (ContractPeer peer = ContractPeer.openAt(dir)) {
            registerRobot(peer, "r1");
            first = peer.block(1);
        }
        long sizeWithOneTransaction = Files.size(blocks);
        try (ContractPeer peer = ContractPeer.openAt(dir)) {
            registerRobot(peer, "r2");
        }
        try (RandomAccessFile file = new RandomAccessFile(blocks.toFile(), "rw")) {
            file.setLength(file.length() - 5);
        }

        try (ContractPeer peer = ContractPeer.openAt(dir)) {
            assertThat(peer.height()).isEqualTo(2);
            assertThat(Files.size(blocks)).isEqualTo(sizeWithOneTransaction);
            assertThat(peer.robots()).containsOnlyKeys("r1");
            registerRobot(peer, "r3");
            assertThat(peer.block(2).getHeader().getPreviousHash())
                    .isEqualTo(BlockHashes.headerHash(first.getHeader()));
        }
        try (ContractPeer peer = ContractPeer.openAt(dir)) {
            assertThat(peer.robots()).containsOnlyKeys("r1", "r3");
        }
    }

    @Test
    void refusesToOpenABlockFileDamagedBeforeItsLastBlock() throws Exception {
        try (ContractPeer peer = ContractPeer.openAt(dir)) {
            registerRobot(peer, "r1");
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("blocks").toFile(), "rw")) {
            file.seek(12);
            int original = file.read();
            file.seek(12);
            file.write(original ^ 0xff);
        }

        assertThatThrownBy(() -> ContractPeer.openAt(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged at byte 0 of");
    }

    private static void registerRobot(ContractPeer peer, String robotId) {
        peer.registerRobot(
                "ManufacturerMSP",
                robotId,
                CertificateAuthority.newCa("key-of-" + robotId).caCertificate().getPublicKey());
    }
}

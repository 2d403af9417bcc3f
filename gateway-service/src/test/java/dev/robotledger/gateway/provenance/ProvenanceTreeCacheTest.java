package dev.robotledger.gateway.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.readmodel.CommittedTransaction;
import dev.robotledger.gateway.readmodel.LedgerBlock;
import dev.robotledger.gateway.readmodel.StateWrite;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvenanceTreeCacheTest {

    private static final ProvenanceTreeCache.Key BOX = new ProvenanceTreeCache.Key("box", 32, 5000);
    private static final ProvenanceTreeCache.Key FRAME = new ProvenanceTreeCache.Key("frame", 32, 5000);

    private static ProvenanceTreeCache.Entry tree(String json, long readAtHeight, String... goods) {
        return new ProvenanceTreeCache.Entry(json.getBytes(), Set.of(goods), Set.of("r-press"), readAtHeight);
    }

    private static LedgerBlock block(long number, String objectType, String... ids) {
        List<StateWrite> writes = java.util.Arrays.stream(ids)
                .map(id -> new StateWrite(objectType, List.of(id), "{}".getBytes()))
                .toList();
        return new LedgerBlock(
                number,
                new byte[32],
                new byte[0],
                new byte[32],
                List.of(new CommittedTransaction(0, "tx-" + number, Instant.EPOCH, "ManufacturerMSP", "Any", writes)));
    }

    @Test
    void answersACachedTreeUntilABlockWritesOneOfItsGoods() {
        ProvenanceTreeCache cache = new ProvenanceTreeCache(1_000);
        cache.offer(BOX, tree("{box}", 5, "box", "frame", "plate"));

        assertThat(cache.get(BOX))
                .hasValueSatisfying(answer -> assertThat(answer.ledgerHeight()).isEqualTo(5));
        cache.projected(block(5, "anchor", "batch-9"));
        cache.projected(block(6, "good", "bolt"));
        assertThat(cache.get(BOX))
                .as("untouched by blocks 5 and 6: current to height 7")
                .hasValueSatisfying(answer -> assertThat(answer.ledgerHeight()).isEqualTo(7));
        cache.projected(block(7, "good", "plate"));
        assertThat(cache.get(BOX)).isEmpty();
        assertThat(cache.statistics())
                .containsEntry("hits", 2L)
                .containsEntry("misses", 1L)
                .containsEntry("trees", 0L)
                .containsEntry("bytes", 0L);
    }

    @Test
    void aRobotWriteDropsTheTreesShowingTheRobot() {
        ProvenanceTreeCache cache = new ProvenanceTreeCache(1_000);
        cache.offer(BOX, tree("{box}", 0, "box"));

        cache.projected(block(0, "robot", "r-press"));

        assertThat(cache.get(BOX)).isEmpty();
    }

    @Test
    void keepsNoTreeReadBeforeABlockAlreadySeenThatTouchedIt() {
        ProvenanceTreeCache cache = new ProvenanceTreeCache(1_000);
        cache.projected(block(3, "good", "frame"));
        cache.projected(block(4, "good", "bolt"));

        cache.offer(BOX, tree("{stale box}", 3, "box", "frame"));
        cache.offer(FRAME, tree("{frame}", 4, "frame"));

        assertThat(cache.get(BOX))
                .as("read at height 3, before block 3 changed the frame")
                .isEmpty();
        assertThat(cache.get(FRAME)).as("read at height 4, after it").isPresent();
    }

    @Test
    void keepsNoTreeReadBeforeTheBlocksItStillRemembers() {
        ProvenanceTreeCache cache = new ProvenanceTreeCache(1_000);
        for (long number = 0; number < 300; number++) {
            cache.projected(block(number, "anchor", "batch-" + number));
        }

        cache.offer(BOX, tree("{box}", 10, "box"));
        cache.offer(FRAME, tree("{frame}", 100, "frame"));

        assertThat(cache.get(BOX))
                .as("blocks 10..43 are forgotten: cannot tell whether they touched it")
                .isEmpty();
        assertThat(cache.get(FRAME))
                .hasValueSatisfying(answer -> assertThat(answer.ledgerHeight()).isEqualTo(300));
    }

    @Test
    void dropsTheLeastRecentlyUsedTreesBeyondItsBytes() {
        ProvenanceTreeCache cache = new ProvenanceTreeCache(10);
        cache.offer(BOX, tree("12345", 0, "box"));
        cache.offer(FRAME, tree("12345", 0, "frame"));
        cache.get(BOX);

        ProvenanceTreeCache.Key plate = new ProvenanceTreeCache.Key("plate", 32, 5000);
        cache.offer(plate, tree("123", 0, "plate"));
        cache.offer(new ProvenanceTreeCache.Key("huge", 32, 5000), tree("12345678901", 0, "huge"));

        assertThat(cache.get(FRAME)).as("least recently used").isEmpty();
        assertThat(cache.get(BOX)).isPresent();
        assertThat(cache.get(plate)).isPresent();
        assertThat(cache.statistics()).containsEntry("bytes", 8L).containsEntry("trees", 2L);
    }

    @Test
    void aCompressedCopyIsKeptWithItsTreeAndCountedInTheBudget() {
        ProvenanceTreeCache cache = new ProvenanceTreeCache(30);
        ProvenanceTreeCache.Entry box = tree("{box-------}", 3, "box");
        cache.offer(BOX, box);
        DeflatedJson deflated = new DeflatedJson(new byte[8], 0, 12);

        assertThat(cache.getDeflated(BOX)).isEmpty();
        cache.attach(BOX, "{box-------}".getBytes(), deflated); // not the very tree cached: ignored
        assertThat(cache.getDeflated(BOX)).isEmpty();
        cache.attach(BOX, box.json(), deflated);
        assertThat(cache.getDeflated(BOX)).hasValueSatisfying(answer -> {
            assertThat(answer.value()).isSameAs(deflated);
            assertThat(answer.ledgerHeight()).isEqualTo(3);
        });
        assertThat(cache.statistics()).containsEntry("bytes", 20L);

        cache.offer(FRAME, tree("{frame}", 3, "frame"));
        assertThat(cache.get(BOX)).as("12 + 8 + 7 bytes fit in 30").isPresent();
        cache.offer(FRAME, tree("{frame-----}", 3, "frame"));
        assertThat(cache.get(BOX))
                .as("12 + 8 + 12 bytes do not: the least recently used goes")
                .isEmpty();
        assertThat(cache.statistics()).containsEntry("bytes", 12L).containsEntry("trees", 1L);
        cache.projected(block(3, "good", "frame"));
        assertThat(cache.statistics()).containsEntry("bytes", 0L);
    }
}

package dev.robotledger.gateway.provenance;

import dev.robotledger.gateway.readmodel.BlockListener;
import dev.robotledger.gateway.readmodel.CommittedTransaction;
import dev.robotledger.gateway.readmodel.LedgerBlock;
import dev.robotledger.gateway.readmodel.StateWrite;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Provenance trees already answered, kept until a block writes one of their goods or robots: a
 * retailer's or lender's tree of a finished product is asked for again and again, and rarely
 * changes. A tree computed from the database at height {@code h} is only kept if no block from
 * {@code h} on, as far as this gateway has seen blocks, touched it; the blocks seen recently are
 * remembered for that check. A tree asked for with gzip keeps its compressed copy too. Bounded by
 * the bytes it holds, compressed copies included (least recently used out first).
 */
public final class ProvenanceTreeCache implements BlockListener {

    private static final int BLOCKS_REMEMBERED = 256;

    /** A tree as asked: the same good with other bounds is another answer. */
    record Key(String goodId, int maxDepth, int maxNodes) {}

    /**
     * A cached tree, the goods and robots it shows, the height of the snapshot it was read from, and
     * its compressed copy once a client asked for gzip ({@code null} before).
     */
    record Entry(byte[] json, Set<String> goodIds, Set<String> robotIds, long readAtHeight, DeflatedJson deflated) {

        Entry(byte[] json, Set<String> goodIds, Set<String> robotIds, long readAtHeight) {
            this(json, goodIds, robotIds, readAtHeight, null);
        }

        /** Bytes held: the tree and its compressed copy. */
        long size() {
            return json.length + (deflated == null ? 0 : deflated.deflated().length);
        }

        boolean touchedBy(Changes changes) {
            return changes.goodIds().stream().anyMatch(goodIds::contains)
                    || changes.robotIds().stream().anyMatch(robotIds::contains);
        }
    }

    /** What one block wrote that trees show. */
    private record Changes(long blockNumber, Set<String> goodIds, Set<String> robotIds) {}

    private final long maxBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Deque<Changes> recent = new ArrayDeque<>();
    private long bytes;
    private long seenHeight;
    private long hits;
    private long misses;

    public ProvenanceTreeCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("a cache of " + maxBytes + " bytes");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * The cached tree and the height it is current to: the height of its snapshot or, when blocks
     * seen since left it untouched, the height this gateway has seen.
     */
    synchronized Optional<ProvenanceReadModel.Answer<byte[]>> get(Key key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            misses++;
            return Optional.empty();
        }
        hits++;
        return Optional.of(new ProvenanceReadModel.Answer<>(Math.max(entry.readAtHeight(), seenHeight), entry.json()));
    }

    /** The cached tree's compressed copy, if a client asked for one before; like {@link #get}. */
    synchronized Optional<ProvenanceReadModel.Answer<DeflatedJson>> getDeflated(Key key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.deflated() == null) {
            return Optional.empty(); // counted by the get that follows
        }
        hits++;
        return Optional.of(
                new ProvenanceReadModel.Answer<>(Math.max(entry.readAtHeight(), seenHeight), entry.deflated()));
    }

    /**
     * Keeps the compressed copy of a tree alongside it, counted in the budget, if the cache still
     * holds that very tree (a block may have dropped it, or a newer reading replaced it, meanwhile).
     */
    synchronized void attach(Key key, byte[] json, DeflatedJson deflated) {
        Entry entry = entries.get(key);
        if (entry == null || entry.json() != json || entry.deflated() != null) {
            return;
        }
        entries.put(key, new Entry(entry.json(), entry.goodIds(), entry.robotIds(), entry.readAtHeight(), deflated));
        bytes += deflated.deflated().length;
        evictOverBudget();
    }

    /** Keeps a tree read at {@code readAtHeight} unless a block already seen from that height on touched it. */
    synchronized void offer(Key key, Entry entry) {
        if (entry.size() > maxBytes || !unchangedSince(entry)) {
            return;
        }
        Entry replaced = entries.put(key, entry);
        bytes += entry.size() - (replaced == null ? 0 : replaced.size());
        evictOverBudget();
    }

    private void evictOverBudget() {
        for (Iterator<Entry> oldest = entries.values().iterator(); bytes > maxBytes && oldest.hasNext(); ) {
            bytes -= oldest.next().size();
            oldest.remove();
        }
    }

    private boolean unchangedSince(Entry entry) {
        if (entry.readAtHeight() >= seenHeight) {
            return true;
        }
        if (recent.isEmpty() || recent.peekFirst().blockNumber() > entry.readAtHeight()) {
            return false; // blocks after its snapshot are no longer remembered
        }
        return recent.stream()
                .filter(changes -> changes.blockNumber() >= entry.readAtHeight())
                .noneMatch(entry::touchedBy);
    }

    @Override
    public synchronized void projected(LedgerBlock block) {
        Set<String> goods = new HashSet<>();
        Set<String> robots = new HashSet<>();
        for (CommittedTransaction transaction : block.transactions()) {
            for (StateWrite write : transaction.writes()) {
                if (write.attributes().size() == 1 && "good".equals(write.objectType())) {
                    goods.add(write.attributes().get(0));
                } else if (write.attributes().size() == 1 && "robot".equals(write.objectType())) {
                    robots.add(write.attributes().get(0));
                }
            }
        }
        Changes changes = new Changes(block.number(), Set.copyOf(goods), Set.copyOf(robots));
        if (!goods.isEmpty() || !robots.isEmpty()) {
            for (Iterator<Entry> cached = entries.values().iterator(); cached.hasNext(); ) {
                Entry entry = cached.next();
                if (entry.touchedBy(changes)) {
                    bytes -= entry.size();
                    cached.remove();
                }
            }
        }
        recent.addLast(changes);
        if (recent.size() > BLOCKS_REMEMBERED) {
            recent.removeFirst();
        }
        seenHeight = Math.max(seenHeight, block.number() + 1);
    }

    /** Hits, misses, trees and bytes held: for metrics. */
    public synchronized Map<String, Long> statistics() {
        return Map.of("hits", hits, "misses", misses, "trees", (long) entries.size(), "bytes", bytes);
    }
}

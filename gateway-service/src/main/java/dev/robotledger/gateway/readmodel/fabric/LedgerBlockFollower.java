package dev.robotledger.gateway.readmodel.fabric;

import dev.robotledger.gateway.ledger.RetryBackoff;
import dev.robotledger.gateway.readmodel.BlockListener;
import dev.robotledger.gateway.readmodel.LedgerBlock;
import dev.robotledger.gateway.readmodel.ReadModelStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the channel's blocks from the peer (the Deliver service, through the Fabric Gateway
 * client) and projects each into the read model, starting from the block after the model's
 * checkpoint. Any failure (peer away, stream ended, a database error) closes the stream; after a
 * bounded exponential back-off it resumes from the checkpoint, which moved only with blocks that
 * were wholly applied: nothing is lost, nothing applied twice.
 */
public final class LedgerBlockFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LedgerBlockFollower.class);

    private final Network network;
    private final BlockDecoder decoder;
    private final ReadModelStore store;
    private final List<BlockListener> listeners;
    private final RetryBackoff backoff;
    private final Counter blocksProjected;
    private final Counter streamFailures;
    private volatile boolean running;
    private volatile CloseableIterator<Block> stream;
    private Thread thread;

    public LedgerBlockFollower(
            Network network,
            BlockDecoder decoder,
            ReadModelStore store,
            List<BlockListener> listeners,
            Duration retryInitial,
            Duration retryMax,
            MeterRegistry meters) {
        this.network = network;
        this.decoder = decoder;
        this.store = store;
        this.listeners = List.copyOf(listeners);
        this.backoff = new RetryBackoff(retryInitial, retryMax);
        this.blocksProjected = Counter.builder("gateway_read_model_blocks_projected")
                .description("Blocks the read model projected from the peer's block stream")
                .register(meters);
        this.streamFailures = Counter.builder("gateway_read_model_stream_failures")
                .description("Block streams that failed and were resumed from the checkpoint")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::follow, "ledger-block-follower");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        CloseableIterator<Block> current = stream;
        if (current != null) {
            current.close();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void follow() {
        while (running) {
            long next = -1;
            try {
                next = store.nextBlock();
                try (CloseableIterator<Block> blocks =
                        network.newBlockEventsRequest().startBlock(next).build().getEvents()) {
                    stream = blocks;
                    log.info("read model: following blocks of channel {} from block {}", network.getName(), next);
                    while (running && blocks.hasNext()) {
                        LedgerBlock block = decoder.decode(blocks.next());
                        store.apply(block);
                        listeners.forEach(listener -> listener.projected(block));
                        blocksProjected.increment();
                        backoff.succeeded();
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                streamFailures.increment();
                Duration delay = backoff.failed();
                log.warn(
                        "read model: the block stream from block {} failed ({}); resuming from the checkpoint in {} ms",
                        next,
                        e.toString(),
                        delay.toMillis());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                stream = null;
            }
        }
    }
}

package dev.robotledger.gateway.testing.containers;

import dev.robotledger.gateway.testing.FabricNetwork;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an orderer on a container host says of the channel's Raft cluster on its operations
 * endpoint (Prometheus text, port 9443 on every host: network/fabric/containers.env).
 */
public record OrdererMetrics(boolean isLeader, long committedBlock) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int OPERATIONS_PORT = 9443;

    /** The orderer's metrics, or empty when it does not answer (e.g. cut off from the network). */
    public static Optional<OrdererMetrics> read(NodeHost orderer) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + orderer.address() + ":" + OPERATIONS_PORT + "/metrics"))
                .timeout(Duration.ofSeconds(3))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(new OrdererMetrics(
                    gauge(response.body(), "consensus_etcdraft_is_leader") == 1,
                    gauge(response.body(), "consensus_etcdraft_committed_block_number")));
        } catch (IOException noAnswer) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The orderer's metrics; it must answer. */
    public static OrdererMetrics of(NodeHost orderer) {
        return read(orderer)
                .orElseThrow(() -> new IllegalStateException(orderer + " does not answer on its operations port"));
    }

    private static long gauge(String metrics, String name) {
        Matcher line = Pattern.compile(
                        "^" + name + "\\{channel=\"" + FabricNetwork.CHANNEL + "\"} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        if (!line.find()) {
            throw new IllegalStateException(
                    "no " + name + " for channel " + FabricNetwork.CHANNEL + " in the orderer's metrics");
        }
        return (long) Double.parseDouble(line.group(1));
    }
}

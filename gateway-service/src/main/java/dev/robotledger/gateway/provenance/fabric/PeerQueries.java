package dev.robotledger.gateway.provenance.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.robotledger.gateway.ledger.LedgerCallFailedException;
import dev.robotledger.gateway.ledger.LedgerConnection;
import dev.robotledger.gateway.robots.LedgerRefusedException;
import dev.robotledger.gateway.robots.LedgerUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * Queries evaluated on the peer instead of the read model: the ledger-verified answers a retailer
 * or lender may ask for, and the chaincode's own collateral verification. Blocking: call it off
 * the event loop.
 */
public final class PeerQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A query's answer and the peer's ledger height when it was asked. */
    public record PeerAnswer(long ledgerHeight, JsonNode value) {
    }

    private final Contract contract;
    private final Contract qscc;
    private final String channel;

    public PeerQueries(LedgerConnection ledger) {
        Network network = ledger.gateway().getNetwork(ledger.channel());
        this.contract = network.getContract(ledger.chaincode());
        this.qscc = network.getContract("qscc");
        this.channel = ledger.channel();
    }

    /** The chaincode's {@code GetProvenance} answer, as JSON. */
    public PeerAnswer provenance(String goodId, int maxDepth, int maxNodes) {
        return evaluate("GetProvenance", goodId, String.valueOf(maxDepth), String.valueOf(maxNodes));
    }

    /** The chaincode's {@code VerifyCollateral} report of a good, as JSON. */
    public PeerAnswer collateralReport(String goodId) {
        return evaluate("VerifyCollateral", goodId);
    }

    private PeerAnswer evaluate(String function, String... args) {
        // Height first: the answer is then current to at least that height.
        long height = height();
        byte[] answer;
        try {
            answer = contract.evaluateTransaction(function, args);
        } catch (GatewayException e) {
            throw failed(function + " " + String.join(" ", args), e);
        }
        try {
            return new PeerAnswer(height, JSON.readTree(answer));
        } catch (IOException e) {
            throw new LedgerRefusedException("the peer answered " + function + " with something that is not JSON: "
                    + new String(answer, StandardCharsets.UTF_8), e);
        }
    }

    private long height() {
        try {
            return BlockchainInfo.parseFrom(qscc.evaluateTransaction("GetChainInfo", channel)).getHeight();
        } catch (GatewayException e) {
            throw failed("GetChainInfo " + channel, e);
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerRefusedException("the peer's GetChainInfo answer is not a BlockchainInfo", e);
        }
    }

    private static RuntimeException failed(String query, GatewayException e) {
        LedgerCallFailedException failure = new LedgerCallFailedException(LedgerCallFailedException.Phase.EVALUATE,
                query, e);
        if (failure.unreachable()) {
            return new LedgerUnavailableException("the peer did not answer " + query + ": " + failure.getMessage(),
                    failure);
        }
        return new LedgerRefusedException("the peer refused " + query + ": " + String.join("; ",
                failure.peerMessages().isEmpty() ? List.of(failure.getMessage()) : failure.peerMessages()),
                failure);
    }
}

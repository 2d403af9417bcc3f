package dev.robotledger.gateway.faults;

/**
 * The faults this suite injects into a running system. The two ledger faults act on
 * {@code ContractPeer}, a test double of one peer running the real contract (no Fabric network
 * can run on the project's machines): not on Fabric. The orderer's restart cannot be shown on it
 * ({@link FaultReport#NOT_INJECTED}).
 */
enum FaultKind {
    /** The gateway JVM killed with SIGKILL, then started again with the same MQTT session. */
    GATEWAY_KILL,
    /** Mosquitto stopped (its persistence saved), down while robots keep producing, started again. */
    BROKER_RESTART,
    /** PostgreSQL stopped (fast shutdown) and started again while the gateway is committing. */
    DATABASE_RESTART,
    /** One robot's network cut while it keeps recording, then restored: its backlog flushes. */
    ROBOT_OFFLINE,
    /**
     * The peer's gRPC server stopped (port closed, open streams cut) and started again on the same
     * port. The double keeps its ledger in memory across this, as a peer process restarted over its
     * on-disk ledger would; a real peer process restart is not shown.
     */
    PEER_RESTART,
    /** The chaincode's process down on a running peer (endorsements fail as a peer's do), then up again. */
    CHAINCODE_RESTART;

    boolean ledgerFault() {
        return this == PEER_RESTART || this == CHAINCODE_RESTART;
    }
}

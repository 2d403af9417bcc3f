package dev.robotledger.gateway.faults;

/**
 * The faults this suite injects into a running system. The ledger's faults of issue 8 (a peer,
 * the orderer or the chaincode process restarted) are not here: no Fabric network can run on the
 * project's machines and the gateway has no ledger adapter yet ({@link FaultReport#NOT_INJECTED}).
 */
enum FaultKind {
    /** The gateway JVM killed with SIGKILL, then started again with the same MQTT session. */
    GATEWAY_KILL,
    /** Mosquitto stopped (its persistence saved), down while robots keep producing, started again. */
    BROKER_RESTART,
    /** PostgreSQL stopped (fast shutdown) and started again while the gateway is committing. */
    DATABASE_RESTART,
    /** One robot's network cut while it keeps recording, then restored: its backlog flushes. */
    ROBOT_OFFLINE
}

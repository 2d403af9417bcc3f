package dev.robotledger.gateway.lightning;

/**
 * The sum over a node's open channels.
 *
 * @param localSat  what the node can pay, in satoshis
 * @param remoteSat what it can receive, in satoshis
 */
public record ChannelBalance(long localSat, long remoteSat) {}

package dev.robotledger.gateway.lightning;

/**
 * What a node says about itself.
 *
 * @param pubkey         its identity public key, hex
 * @param alias          its alias
 * @param version        the lnd version string
 * @param blockHeight    the height of the chain it follows
 * @param syncedToChain  whether it has caught up with its chain backend
 * @param activeChannels channels it can pay through now
 */
public record NodeInfo(
        String pubkey, String alias, String version, long blockHeight, boolean syncedToChain, int activeChannels) {}

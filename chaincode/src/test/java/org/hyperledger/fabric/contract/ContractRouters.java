package org.hyperledger.fabric.contract;

import org.hyperledger.fabric.contract.metadata.MetadataBuilder;

/**
 * The shim's own {@link ContractRouter} over the contracts on the class path, prepared as the
 * chaincode's main class prepares it (contracts found by class-path scanning, metadata built) but
 * not connected to a peer: {@code router.invoke(stub)} then runs a transaction the way the peer's
 * call would, from string arguments to the {@code Chaincode.Response}. In the shim's package
 * because contract discovery is package-private. Published in the chaincode's test-jar, so the
 * gateway's peer test double runs the real contract through it.
 */
public final class ContractRouters {

    private ContractRouters() {
    }

    /** @param chaincodeId as a peer names the chaincode, e.g. {@code provenance:1.0} */
    public static ContractRouter withoutPeer(String chaincodeId) {
        ContractRouter router = new ContractRouter(new String[] {"--id", chaincodeId});
        router.findAllContracts();
        MetadataBuilder.initialize(router.getRoutingRegistry(), router.getTypeRegistry());
        return router;
    }
}

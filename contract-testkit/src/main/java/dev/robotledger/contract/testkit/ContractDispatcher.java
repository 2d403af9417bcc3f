package dev.robotledger.contract.testkit;

import org.hyperledger.fabric.contract.execution.ExecutionFactory;
import org.hyperledger.fabric.contract.execution.ExecutionService;
import org.hyperledger.fabric.contract.execution.InvocationRequest;
import org.hyperledger.fabric.contract.metadata.MetadataBuilder;
import org.hyperledger.fabric.contract.routing.RoutingRegistry;
import org.hyperledger.fabric.contract.routing.TxFunction;
import org.hyperledger.fabric.contract.routing.TypeRegistry;
import org.hyperledger.fabric.contract.routing.impl.RoutingRegistryImpl;
import org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ResponseUtils;

/**
 * Runs transactions on the contracts of the class path the way the shim's {@code ContractRouter}
 * does when a peer calls it, from a stub with string arguments to the {@code Chaincode.Response}
 * (a refusal: status 500, the {@code ChaincodeException}'s message and payload), but with no peer
 * connection. Built from the contract API's public routing classes: contracts found by class-path
 * scanning, their metadata built (so the {@code org.hyperledger.fabric:GetMetadata} system
 * transaction answers), requests executed by the shim's own execution service.
 *
 * <pre>{@code
 * ContractDispatcher contracts = ContractDispatcher.ofClassPath();
 * Chaincode.Response response = contracts.invoke(stub);
 * }</pre>
 */
public final class ContractDispatcher {

    private final RoutingRegistry routes;
    private final ExecutionService executor;

    private ContractDispatcher(RoutingRegistry routes, ExecutionService executor) {
        this.routes = routes;
        this.executor = executor;
    }

    /**
     * Finds the contracts and serializers on the class path. Takes seconds (it scans the class
     * path); the result is stateless between invocations. The contract API keeps its type
     * registry and metadata in statics: one dispatcher per JVM.
     */
    public static ContractDispatcher ofClassPath() {
        RoutingRegistry routes = new RoutingRegistryImpl();
        TypeRegistry types = TypeRegistry.getRegistry();
        routes.findAndSetContracts(types);
        MetadataBuilder.initialize(routes, types);
        SerializerRegistryImpl serializers = new SerializerRegistryImpl();
        try {
            serializers.findAndSetContents();
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create the contract API's serializers", e);
        }
        return new ContractDispatcher(routes, ExecutionFactory.getInstance().createExecutionService(serializers));
    }

    /** Runs the transaction the stub's arguments name (function first), as the router does. */
    public Chaincode.Response invoke(ChaincodeStub stub) {
        if (stub.getStringArgs().isEmpty()) {
            return ResponseUtils.newSuccessResponse();
        }
        try {
            InvocationRequest request = ExecutionFactory.getInstance().createRequest(stub);
            TxFunction function = routes.containsRoute(request)
                    ? routes.getTxFn(request)
                    : routes.getContract(request.getNamespace()).getUnknownRoute();
            return executor.executeRequest(function, request, stub);
        } catch (RuntimeException e) {
            return ResponseUtils.newErrorResponse(e);
        }
    }
}

package dev.robotledger.gateway.provenance;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A good's provenance down to raw parts, as the chaincode's {@code GetProvenance} answers it:
 * {@code {goodId, nodeCount, depth, tree}}. The counts are checked against the tree, so a
 * truncated answer is refused rather than taken for a whole one.
 *
 * <pre>{@code
 * ProvenanceTree tree = ProvenanceTree.fromJson(new String(contractClient.provenance(goodId, 32, 5000), UTF_8));
 * }</pre>
 */
public record ProvenanceTree(String goodId, int nodeCount, int depth, ProvenanceNode tree) {

    // Fields the chaincode may add later (it evolves separately) must not break the gateway;
    // missing or wrong required ones are caught by the records' constructors.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public ProvenanceTree {
        Fields.requireText("goodId", goodId);
        Fields.requirePresent("provenance of " + goodId + ": tree", tree);
        if (!tree.good().id().equals(goodId)) {
            throw new ProvenanceFormatException(
                    "provenance of " + goodId + " has good " + tree.good().id() + " at its root");
        }
        if (tree.depth() != 0) {
            throw new ProvenanceFormatException("provenance of " + goodId + " has its root at depth " + tree.depth());
        }
        if (tree.size() != nodeCount) {
            throw new ProvenanceFormatException(
                    "provenance of " + goodId + " claims " + nodeCount + " nodes but holds " + tree.size());
        }
        int deepest = deepest(tree);
        if (deepest != depth) {
            throw new ProvenanceFormatException(
                    "provenance of " + goodId + " claims depth " + depth + " but reaches depth " + deepest);
        }
    }

    /** Parses a {@code GetProvenance} answer; the error names the offending good or field and its JSON path. */
    public static ProvenanceTree fromJson(String json) {
        try {
            return MAPPER.readValue(json, ProvenanceTree.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof ProvenanceFormatException ? cause.getMessage() : e.getOriginalMessage();
            throw new ProvenanceFormatException(reason + " (at " + pointer(e) + ")", e);
        } catch (DatabindException e) {
            throw new ProvenanceFormatException(
                    "provenance is not readable: " + e.getOriginalMessage() + " (at " + pointer(e) + ")", e);
        } catch (JacksonException e) {
            throw new ProvenanceFormatException(
                    "provenance is not readable: " + e.getOriginalMessage() + " (at " + e.getLocation() + ")", e);
        }
    }

    /** Where in the answer it went wrong, as a JSON pointer such as {@code /tree/parts/2/good}. */
    private static String pointer(DatabindException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            pointer.append('/').append(step.getPropertyName() != null ? step.getPropertyName() : step.getIndex());
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    private static int deepest(ProvenanceNode node) {
        return node.parts().stream().mapToInt(ProvenanceTree::deepest).max().orElse(node.depth());
    }
}

package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.wire.merkle.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few fields of the chaincode's {@code GetProvenance} answer the checks need, read from the
 * JSON kept verbatim in the certificate. The chaincode's domain is not re-modelled: any other
 * field is only hashed.
 */
record ProvenanceTree(String goodId, long nodeCount, long depth, List<Node> nodes) {

    /** One node: {@code path} is where it sits in the document, e.g. {@code provenance.tree.parts[1]}. */
    record Node(
            String path,
            long depth,
            String goodId,
            String robotId,
            JsonNode robot,
            JsonNode good,
            List<String> partIds,
            List<Node> parts,
            Optional<TelemetryRef> telemetryAnchor,
            List<TransactionRef> transactions) {}

    record TelemetryRef(String batchId, Digest merkleRoot) {
        @Override
        public String toString() {
            return "batch " + batchId + " (root " + merkleRoot + ")";
        }
    }

    /** A ledger transaction the good names: {@code path} is the field that names it. */
    record TransactionRef(String path, String transactionId) {}

    static ProvenanceTree read(JsonNode provenance, String path) {
        Fields.object(provenance, path);
        List<Node> nodes = new ArrayList<>();
        node(Fields.present(provenance, "tree", path), Fields.join(path, "tree"), nodes);
        return new ProvenanceTree(
                Fields.text(provenance, "goodId", path),
                Fields.count(provenance, "nodeCount", path),
                Fields.count(provenance, "depth", path),
                List.copyOf(nodes));
    }

    Node root() {
        return nodes.get(0);
    }

    private static Node node(JsonNode json, String path, List<Node> all) {
        Fields.object(json, path);
        JsonNode good = Fields.object(Fields.present(json, "good", path), Fields.join(path, "good"));
        String goodPath = Fields.join(path, "good");
        JsonNode production =
                Fields.object(Fields.present(good, "production", goodPath), Fields.join(goodPath, "production"));
        String productionPath = Fields.join(goodPath, "production");
        JsonNode robot = Fields.object(Fields.present(json, "robot", path), Fields.join(path, "robot"));
        Fields.text(robot, "id", Fields.join(path, "robot"));
        List<String> partIds = new ArrayList<>();
        JsonNode partIdsJson = good.get("partIds");
        if (partIdsJson != null && !partIdsJson.isNull()) {
            JsonNode ids = Fields.array(good, "partIds", goodPath);
            for (int i = 0; i < ids.size(); i++) {
                if (!ids.get(i).isTextual()) {
                    throw Fields.refusal(
                            dev.robotledger.wire.message.WireFormatException.Reason.WRONG_TYPE,
                            goodPath + ".partIds[" + i + "]",
                            "must be a string");
                }
                partIds.add(ids.get(i).textValue());
            }
        }
        Optional<TelemetryRef> anchor = Optional.empty();
        JsonNode anchorJson = production.get("telemetryAnchor");
        if (anchorJson != null && !anchorJson.isNull()) {
            String anchorPath = Fields.join(productionPath, "telemetryAnchor");
            Fields.object(anchorJson, anchorPath);
            anchor = Optional.of(new TelemetryRef(
                    Fields.text(anchorJson, "batchId", anchorPath),
                    Fields.digest(anchorJson.get("merkleRoot"), Fields.join(anchorPath, "merkleRoot"))));
        }
        List<TransactionRef> transactions = new ArrayList<>();
        transactions(good, goodPath, transactions);
        int index = all.size();
        all.add(null);
        JsonNode partsJson = Fields.array(json, "parts", path);
        List<Node> parts = new ArrayList<>();
        for (int i = 0; i < partsJson.size(); i++) {
            parts.add(node(partsJson.get(i), path + ".parts[" + i + "]", all));
        }
        Node node = new Node(
                path,
                Fields.count(json, "depth", path),
                Fields.text(good, "id", goodPath),
                Fields.text(production, "robotId", productionPath),
                robot,
                good,
                List.copyOf(partIds),
                List.copyOf(parts),
                anchor,
                List.copyOf(transactions));
        all.set(index, node);
        return node;
    }

    // Every "txId" and "...TxId" text field of the good (custody steps, quality checks, the
    // production record, recall marks): the chaincode's way of naming the transaction of an event.
    private static void transactions(JsonNode json, String path, List<TransactionRef> found) {
        if (json.isObject()) {
            for (Map.Entry<String, JsonNode> field : json.properties()) {
                String fieldPath = Fields.join(path, field.getKey());
                if ((field.getKey().equals("txId") || field.getKey().endsWith("TxId"))
                        && field.getValue().isTextual()) {
                    found.add(new TransactionRef(fieldPath, field.getValue().textValue()));
                } else {
                    transactions(field.getValue(), fieldPath, found);
                }
            }
        } else if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                transactions(json.get(i), path + "[" + i + "]", found);
            }
        }
    }
}

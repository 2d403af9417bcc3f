package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the issuer signs: the SHA-256 of each section's RFC 8785 bytes, one per element of a list
 * section and one per good of the tree, so a verifier can name what was altered instead of only
 * saying that a signature does not verify.
 *
 * @param provenance       the whole {@code GetProvenance} answer
 * @param goods            good id → the good's record ({@code node.good}) in the tree
 * @param ledgerRecords    one per element, in order
 * @param anchors          one per element, in order
 * @param readingProofs    one per element, in order
 * @param robots           one per element, in order
 * @param certificateChain the issuer's chain (the array of PEM texts)
 * @param bitcoinAnchor    the Bitcoin anchor, when the certificate has one (absent from the JSON otherwise)
 */
public record Manifest(
        Digest provenance,
        Map<String, Digest> goods,
        List<Digest> ledgerRecords,
        List<Digest> anchors,
        List<Digest> readingProofs,
        List<Digest> robots,
        Digest certificateChain,
        Optional<Digest> bitcoinAnchor) {

    static final Set<String> FIELDS = Set.of(
            "provenance",
            "goods",
            "ledgerRecords",
            "anchors",
            "readingProofs",
            "robots",
            "certificateChain",
            "bitcoinAnchor");

    public Manifest {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(bitcoinAnchor, "bitcoinAnchor (use Optional.empty())");
        goods = Map.copyOf(goods);
        ledgerRecords = List.copyOf(ledgerRecords);
        anchors = List.copyOf(anchors);
        readingProofs = List.copyOf(readingProofs);
        robots = List.copyOf(robots);
    }

    /** The manifest of the sections as they are, from their JSON. */
    static Manifest of(JsonNode document, ProvenanceTree tree) {
        Map<String, Digest> goods = new LinkedHashMap<>();
        for (ProvenanceTree.Node node : tree.nodes()) {
            goods.put(node.goodId(), digest(node.path() + ".good", node.good()));
        }
        return new Manifest(
                digest("provenance", document.get("provenance")),
                goods,
                digests(document, "ledgerRecords"),
                digests(document, "anchors"),
                digests(document, "readingProofs"),
                digests(document, "robots"),
                digest("issuer.certificateChain", document.get("issuer").get("certificateChain")),
                Optional.ofNullable(document.get("bitcoinAnchor")).map(anchor -> digest("bitcoinAnchor", anchor)));
    }

    static Digest digest(String path, JsonNode node) {
        return Digest.sha256(CanonicalJson.bytes(path, node));
    }

    private static List<Digest> digests(JsonNode document, String section) {
        JsonNode elements = document.get(section);
        List<Digest> digests = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            digests.add(digest(section + "[" + i + "]", elements.get(i)));
        }
        return digests;
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("provenance", provenance.hex());
        ObjectNode goodsNode = node.putObject("goods");
        goods.forEach((id, digest) -> goodsNode.put(id, digest.hex()));
        list(node.putArray("ledgerRecords"), ledgerRecords);
        list(node.putArray("anchors"), anchors);
        list(node.putArray("readingProofs"), readingProofs);
        list(node.putArray("robots"), robots);
        node.put("certificateChain", certificateChain.hex());
        bitcoinAnchor.ifPresent(digest -> node.put("bitcoinAnchor", digest.hex()));
        return node;
    }

    private static void list(ArrayNode array, List<Digest> digests) {
        digests.forEach(digest -> array.add(digest.hex()));
    }

    static Manifest fromJson(JsonNode node, String path) {
        Fields.object(node, path, FIELDS);
        JsonNode goodsNode = Fields.object(Fields.present(node, "goods", path), Fields.join(path, "goods"));
        Map<String, Digest> goods = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> good : goodsNode.properties()) {
            goods.put(
                    good.getKey(),
                    Fields.digest(good.getValue(), path + ".goods['" + Fields.abbreviate(good.getKey()) + "']"));
        }
        return new Manifest(
                Fields.digest(node.get("provenance"), Fields.join(path, "provenance")),
                goods,
                list(node, "ledgerRecords", path),
                list(node, "anchors", path),
                list(node, "readingProofs", path),
                list(node, "robots", path),
                Fields.digest(node.get("certificateChain"), Fields.join(path, "certificateChain")),
                node.has("bitcoinAnchor")
                        ? Optional.of(Fields.digest(node.get("bitcoinAnchor"), Fields.join(path, "bitcoinAnchor")))
                        : Optional.empty());
    }

    private static List<Digest> list(JsonNode node, String name, String path) {
        JsonNode array = Fields.array(node, name, path);
        List<Digest> digests = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            digests.add(Fields.digest(array.get(i), path + "." + name + "[" + i + "]"));
        }
        return digests;
    }
}

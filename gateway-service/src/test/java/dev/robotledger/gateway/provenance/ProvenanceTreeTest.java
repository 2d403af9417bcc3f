package dev.robotledger.gateway.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.contract.CustodyAction;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ProvenanceTreeTest {

    static final String PRODUCT = "urn:epc:id:sgtin:0614141.107346.9000";

    static String fixture() {
        return EpcisSchema.text("/provenance/three-level-product.json");
    }

    /** The fixture with one change applied to its JSON. */
    static String edited(Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) EpcisSchema.resource("/provenance/three-level-product.json");
        change.accept(root);
        return root.toString();
    }

    @Test
    void readsTheChaincodesProvenanceOfAThreeLevelProduct() {
        ProvenanceTree provenance = ProvenanceTree.fromJson(fixture());

        assertThat(provenance.goodId()).isEqualTo(PRODUCT);
        assertThat(provenance.nodeCount()).isEqualTo(8);
        assertThat(provenance.depth()).isEqualTo(2);
        ProvenanceNode root = provenance.tree();
        assertThat(root.good().partIds()).containsExactly("frame-S1", "frame-S2", "cover-3");
        assertThat(root.good().custodianOrg()).isEqualTo("RetailerMSP");
        assertThat(root.good().custodyHistory())
                .extracting(CustodyEntry::action)
                .containsExactly(
                        CustodyAction.PRODUCED,
                        CustodyAction.PROPOSED,
                        CustodyAction.REJECTED,
                        CustodyAction.PROPOSED,
                        CustodyAction.ACCEPTED);
        assertThat(root.good().qualityChecks())
                .extracting(QualityCheck::byOrg)
                .containsExactly("ManufacturerMSP", "RetailerMSP");
        ProvenanceNode part = root.parts().get(0).parts().get(0);
        assertThat(part.depth()).isEqualTo(2);
        assertThat(part.good().id()).isEqualTo("urn:epc:id:sgtin:0614141.107346.1001");
        assertThat(part.good().status()).isEqualTo(GoodStatus.CONSUMED);
        assertThat(part.good().production().station()).isEqualTo("st-r-press");
        assertThat(part.good().production().processParameters()).containsEntry("torqueNm", 12.5);
        assertThat(part.good().production().telemetryAnchor().batchId()).isEqualTo("batch-1");
        assertThat(part.robot().model()).isEqualTo("UR10e");
        assertThat(part.good().qualityChecks())
                .singleElement()
                .satisfies(check -> assertThat(check.result()).isEqualTo(QualityResult.PASS));
    }

    @Test
    void refusesATreeMissingAPartNamingTheGood() {
        String truncated = edited(
                root -> root.withObjectProperty("tree").withArray("parts").remove(2));

        assertThatThrownBy(() -> ProvenanceTree.fromJson(truncated))
                .isInstanceOf(ProvenanceFormatException.class)
                .hasMessageContaining("good " + PRODUCT + " lists parts [frame-S1, frame-S2, cover-3]"
                        + " but its node holds [frame-S1, frame-S2]");
    }

    @Test
    void refusesANodeCountThatDoesNotMatchTheTree() {
        String miscounted = edited(root -> root.put("nodeCount", 9));

        assertThatThrownBy(() -> ProvenanceTree.fromJson(miscounted))
                .isInstanceOf(ProvenanceFormatException.class)
                .hasMessageContaining("provenance of " + PRODUCT + " claims 9 nodes but holds 8");
    }

    @Test
    void refusesAGoodWithoutProductionNamingTheGoodAndItsPath() {
        String broken = edited(root -> ((ObjectNode) root.at("/tree/parts/2/good")).remove("production"));

        assertThatThrownBy(() -> ProvenanceTree.fromJson(broken))
                .isInstanceOf(ProvenanceFormatException.class)
                .hasMessage("good cover-3: production is missing (at /tree/parts/2/good)");
    }

    @Test
    void refusesAnUnknownQualityResultWithItsPath() {
        String broken = edited(root -> ((ObjectNode) root.at("/tree/good/qualityChecks/0")).put("result", "MAYBE"));

        assertThatThrownBy(() -> ProvenanceTree.fromJson(broken))
                .isInstanceOf(ProvenanceFormatException.class)
                .hasMessageContaining("\"MAYBE\"")
                .hasMessageEndingWith("(at /tree/good/qualityChecks/0/result)");
    }

    @Test
    void ignoresFieldsTheChaincodeMayAddLater() {
        String extended = edited(root -> ((ObjectNode) root.at("/tree/good")).put("newField", "x"));

        assertThat(ProvenanceTree.fromJson(extended).tree().good().partIds()).hasSize(3);
    }

    @Test
    void refusesJsonThatIsNotAProvenanceAnswer() {
        assertThatThrownBy(() -> ProvenanceTree.fromJson("{\"goodId\": \"g-1\""))
                .isInstanceOf(ProvenanceFormatException.class)
                .hasMessageStartingWith("provenance is not readable");
    }
}

package dev.robotledger.chaincode.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robotledger.chaincode.access.OrgDirectory;
import dev.robotledger.chaincode.access.OrgRole;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** collections_config.json defines one private collection for every borrower-lender pair the contract can form. */
class CollectionsConfigTest {

    private static Map<String, JsonNode> collections() throws IOException {
        Map<String, JsonNode> byName = new TreeMap<>();
        new ObjectMapper()
                .readTree(Path.of("collections_config.json").toFile())
                .forEach(collection -> byName.put(collection.get("name").asText(), collection));
        return byName;
    }

    @Test
    void definesACollectionForEveryBorrowerAndLenderPairAndNoOther() throws IOException {
        List<String> expected = new ArrayList<>();
        for (String borrower : OrgDirectory.knownMspIds()) {
            for (String lender : OrgDirectory.knownMspIds()) {
                OrgRole borrowerRole = OrgDirectory.roleOf(borrower).orElseThrow();
                if ((borrowerRole == OrgRole.MANUFACTURER || borrowerRole == OrgRole.RETAILER)
                        && OrgDirectory.roleOf(lender).orElseThrow() == OrgRole.LENDER) {
                    expected.add(LoanTerms.collection(borrower, lender));
                }
            }
        }

        assertThat(collections().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void letsOnlyThePairReadWriteAndEndorseItsTerms() throws IOException {
        collections().forEach((name, collection) -> {
            String[] pair = name.substring("loanTerms_".length()).split("_");
            assertThat(collection.get("policy").asText())
                    .isEqualTo("OR('" + pair[0] + ".member','" + pair[1] + ".member')");
            assertThat(collection
                            .get("endorsementPolicy")
                            .get("signaturePolicy")
                            .asText())
                    .isEqualTo("AND('" + pair[0] + ".peer','" + pair[1] + ".peer')");
            assertThat(collection.get("memberOnlyRead").asBoolean()).isTrue();
            assertThat(collection.get("memberOnlyWrite").asBoolean()).isTrue();
            assertThat(collection.get("blockToLive").asInt()).isZero();
        });
    }
}

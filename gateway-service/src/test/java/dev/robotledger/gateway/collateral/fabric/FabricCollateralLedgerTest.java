package dev.robotledger.gateway.collateral.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.chaincode.collateral.LoanOfferRequest;
import dev.robotledger.chaincode.collateral.PreimageRelease;
import dev.robotledger.gateway.collateral.PledgeRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The requests the adapter builds, read back with the contract's own request types. */
class FabricCollateralLedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PledgeRequest PLEDGE = new PledgeRequest(
            "loan-1", "g-1", "LenderMSP", 50_000_000L, 10_000_000L, "USD", 5_000, 7_000, 8_000, "ab".repeat(32));

    @Test
    void offersTheExactPledgeWithoutTheTerms() throws Exception {
        JsonNode request = FabricCollateralLedger.offerRequest(PLEDGE, "ManufacturerMSP", 1_900_000_000_000L);

        LoanOfferRequest parsed = JSON.treeToValue(request, LoanOfferRequest.class);
        assertThat(parsed.pledge().loanId()).isEqualTo("loan-1");
        assertThat(parsed.pledge().paymentHash()).isEqualTo(PLEDGE.paymentHash());
        assertThat(parsed.borrowerOrg()).isEqualTo("ManufacturerMSP");
        assertThat(request.toString()).doesNotContain("interestBps", "schedule", "borrowerDetails");
    }

    @Test
    void namesBothPartiesAsEndorsersOfWritesToAPledge() throws Exception {
        JsonNode lien = JSON.readTree(
                "{\"loanId\":\"loan-1\",\"borrowerOrg\":\"ManufacturerMSP\",\"lenderOrg\":\"LenderMSP\"}");

        assertThat(FabricCollateralLedger.parties(lien)).containsExactly("ManufacturerMSP", "LenderMSP");
        assertThat(FabricCollateralLedger.parties("LenderMSP", "LenderMSP")).containsExactly("LenderMSP");
        JsonNode release = FabricCollateralLedger.lienRequest(lien, "preimageHex", "cd".repeat(32));
        assertThat(JSON.treeToValue(release, PreimageRelease.class).preimageHex())
                .isEqualTo("cd".repeat(32));
        assertThat(FabricCollateralLedger.lienRequest(lien).toString()).isEqualTo("{\"loanId\":\"loan-1\"}");
    }
}

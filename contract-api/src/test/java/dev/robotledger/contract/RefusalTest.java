package dev.robotledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalTest {

    @Test
    void readsTheCodeBackFromItsOwnMessage() {
        Refusal refusal = new Refusal(ErrorCode.GOOD_ALREADY_EXISTS, "good g-1 is already recorded");

        assertThat(refusal.message()).isEqualTo("GOOD_ALREADY_EXISTS: good g-1 is already recorded");
        assertThat(Refusal.find(refusal.message())).contains(refusal);
    }

    @Test
    void readsTheCodeInsideAPeersEndorsementError() {
        assertThat(Refusal.find("chaincode response 500, NOT_LENDER: MSP2 may not release loan l-1: only its lender"))
                .contains(new Refusal(ErrorCode.NOT_LENDER, "MSP2 may not release loan l-1: only its lender"));
    }

    @Test
    void readsTheCodeInsideAPeersEvaluationError() {
        assertThat(Refusal.find("evaluate call to endorser returned error: chaincode response 500, "
                        + "LIEN_NOT_FOUND: loan l-9 does not exist"))
                .map(Refusal::code)
                .contains(ErrorCode.LIEN_NOT_FOUND);
    }

    @Test
    void findsNoCodeInAPeersOwnError() {
        assertThat(Refusal.find("make sure the chaincode provenance has been successfully defined on channel"
                        + " provenance and try again: chaincode provenance not found"))
                .isEmpty();
        assertThat(Refusal.find("failed to execute transaction: error sending: timeout expired"))
                .isEmpty();
        assertThat(Refusal.find(null)).isEmpty();
    }

    @Test
    void takesNoWordThatIsNotACodeForOne() {
        assertThat(Refusal.find("chaincode response 500, NOT_A_CODE: anything")).isEmpty();
    }
}

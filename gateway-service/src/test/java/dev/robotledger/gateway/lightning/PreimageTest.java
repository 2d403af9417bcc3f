package dev.robotledger.gateway.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreimageTest {

    @Test
    void hashIsTheSha256OfThePreimagesBytes() {
        Preimage zeros = new Preimage("00".repeat(32));

        assertThat(zeros.hash())
                .isEqualTo(new PaymentHash("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"));
    }

    @Test
    void doesNotShowTheSecretWhenPrinted() {
        Preimage secret = Preimage.random();

        assertThat(secret.toString())
                .doesNotContain(secret.hex())
                .contains(secret.hash().hex());
    }

    @Test
    void refusesAnythingButThirtyTwoBytesOfLowercaseHex() {
        assertThatThrownBy(() -> new Preimage("ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentHash("AB".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}

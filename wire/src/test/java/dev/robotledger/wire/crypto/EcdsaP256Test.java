package dev.robotledger.wire.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcdsaP256Test {

    private static final KeyPair KEYS = EcdsaP256.generateKeyPair();
    private static final byte[] DATA = "reading 42".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void verifiesItsOwnSignature() {
        byte[] signature = EcdsaP256.sign(KEYS.getPrivate(), DATA);
        assertThat(EcdsaP256.verify(KEYS.getPublic(), DATA, signature)).isTrue();
    }

    @Test
    void signsAndVerifiesWithConscryptOnLinuxX86() {
        if ("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"))) {
            assertThat(EcdsaP256.providerName()).isEqualTo("Conscrypt");
        }
    }

    @Test
    void interoperatesWithTheJdkProviderBothWays() throws Exception {
        Signature jdkSigner = Signature.getInstance(EcdsaP256.ALGORITHM, "SunEC");
        jdkSigner.initSign(KEYS.getPrivate());
        jdkSigner.update(DATA);
        assertThat(EcdsaP256.verify(KEYS.getPublic(), DATA, jdkSigner.sign())).isTrue();

        Signature jdkVerifier = Signature.getInstance(EcdsaP256.ALGORITHM, "SunEC");
        jdkVerifier.initVerify(KEYS.getPublic());
        jdkVerifier.update(DATA);
        assertThat(jdkVerifier.verify(EcdsaP256.sign(KEYS.getPrivate(), DATA))).isTrue();
    }

    @Test
    void refusesAnyFlippedBitOfDataOrSignature() {
        byte[] signature = EcdsaP256.sign(KEYS.getPrivate(), DATA);
        for (int i = 0; i < DATA.length * 8; i++) {
            byte[] tampered = DATA.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(EcdsaP256.verify(KEYS.getPublic(), tampered, signature))
                    .as("data bit %d", i)
                    .isFalse();
        }
        for (int i = 0; i < signature.length * 8; i++) {
            byte[] tampered = signature.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(EcdsaP256.verify(KEYS.getPublic(), DATA, tampered))
                    .as("signature bit %d", i)
                    .isFalse();
        }
    }

    @Test
    void refusesASignatureByAnotherKeyAndGarbage() {
        byte[] signature = EcdsaP256.sign(EcdsaP256.generateKeyPair().getPrivate(), DATA);
        assertThat(EcdsaP256.verify(KEYS.getPublic(), DATA, signature)).isFalse();
        assertThat(EcdsaP256.verify(KEYS.getPublic(), DATA, new byte[0])).isFalse();
        assertThat(EcdsaP256.verify(KEYS.getPublic(), DATA, new byte[] {0x30, 0x02, 0x01}))
                .isFalse();
    }

    @Test
    void refusesKeysOfOtherCurves() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        PrivateKey p384 = generator.generateKeyPair().getPrivate();
        assertThatThrownBy(() -> EcdsaP256.sign(p384, DATA)).hasMessageContaining("P-256");
    }

    @Test
    void privateAndPublicKeysSurviveTheirPemFiles() throws Exception {
        Path privateFile = dir.resolve("robot.pk8");
        Path publicFile = dir.resolve("robot.pub.pem");
        KeyFiles.writePrivateKey(privateFile, KEYS.getPrivate());
        KeyFiles.writePublicKey(publicFile, KEYS.getPublic());

        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Files.getPosixFilePermissions(privateFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        byte[] signature = EcdsaP256.sign(KeyFiles.readPrivateKey(privateFile), DATA);
        assertThat(EcdsaP256.verify(KeyFiles.readPublicKey(publicFile), DATA, signature))
                .isTrue();
        assertThat(KeyFiles.parsePublicKeyPem(KeyFiles.publicKeyPem(KEYS.getPublic())))
                .isEqualTo(KEYS.getPublic());
    }

    @Test
    void refusesACorruptPrivateKeyFileNamingIt() throws Exception {
        Path file = dir.resolve("broken.pk8");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyFiles.readPrivateKey(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("broken.pk8");
        assertThatThrownBy(() -> KeyFiles.parsePublicKeyPem("not a key")).isInstanceOf(IllegalArgumentException.class);
    }
}

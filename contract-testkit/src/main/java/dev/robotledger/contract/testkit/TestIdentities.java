package dev.robotledger.contract.testkit;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Creator bytes as a peer hands them to chaincode: a serialized identity holding the MSP id and a
 * PEM X.509 certificate, so that {@code ClientIdentity} parses them for real. Keys and
 * self-signed certificates are generated at run time, once per MSP id.
 */
public final class TestIdentities {

    private static final Map<String, byte[]> CREATORS = new ConcurrentHashMap<>();

    private TestIdentities() {}

    public static byte[] creator(String mspId) {
        return CREATORS.computeIfAbsent(mspId, TestIdentities::newCreator).clone();
    }

    private static byte[] newCreator(String mspId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=client,OU=client,O=" + mspId);
            Instant notBefore = Instant.parse("2025-01-01T00:00:00Z");
            var builder = new JcaX509v3CertificateBuilder(
                    subject,
                    BigInteger.ONE,
                    Date.from(notBefore),
                    Date.from(notBefore.plusSeconds(10L * 365 * 86_400)),
                    subject,
                    keys.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(ByteString.copyFrom(pem, StandardCharsets.UTF_8))
                    .build()
                    .toByteArray();
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a test identity for " + mspId, e);
        }
    }
}

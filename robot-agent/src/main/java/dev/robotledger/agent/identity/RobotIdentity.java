package dev.robotledger.agent.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.topic.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Who a robot is: its id, where it works (site and line, which place its topics) and its P-256
 * key pair. The key pair lives in the robot's state directory ({@code robot.pk8}, PKCS#8 PEM, and
 * {@code robot.pub.pem}); it is created on first start and reused ever after.
 */
public record RobotIdentity(String robotId, String site, String line, PrivateKey privateKey, PublicKey publicKey) {

    public static final String PRIVATE_KEY_FILE = "robot.pk8";
    public static final String PUBLIC_KEY_FILE = "robot.pub.pem";
    private static final byte[] PROBE = "robot key pair check".getBytes(StandardCharsets.US_ASCII);

    public RobotIdentity {
        // Topic validates site, line and robot id with the namespace's rules.
        Topic.of(site, line, robotId, MessageType.TELEMETRY_WINDOW);
        EcdsaP256.requireP256(privateKey);
        EcdsaP256.requireP256(publicKey);
    }

    /** Loads the robot's keys from {@code stateDir}, creating them on first start. */
    public static RobotIdentity loadOrCreate(Path stateDir, String robotId, String site, String line)
            throws IOException {
        Topic.of(site, line, robotId, MessageType.TELEMETRY_WINDOW);
        Path privateFile = stateDir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = stateDir.resolve(PUBLIC_KEY_FILE);
        if (!Files.exists(privateFile)) {
            KeyPair keys = EcdsaP256.generateKeyPair();
            Files.createDirectories(stateDir);
            // Public key first, private key last: the private key's presence marks a complete pair. A public
            // key left alone by a crash is useless without its private key and is replaced.
            KeyFiles.writePublicKey(publicFile, keys.getPublic());
            KeyFiles.writePrivateKey(privateFile, keys.getPrivate());
        }
        PrivateKey privateKey = KeyFiles.readPrivateKey(privateFile);
        PublicKey publicKey = KeyFiles.readPublicKey(publicFile);
        if (!EcdsaP256.verify(publicKey, PROBE, EcdsaP256.sign(privateKey, PROBE))) {
            throw new IOException("robot " + robotId + ": " + publicFile + " does not belong to " + privateFile);
        }
        return new RobotIdentity(robotId, site, line, privateKey, publicKey);
    }

    public String publicKeyPem() {
        return KeyFiles.publicKeyPem(publicKey);
    }

    /** What an operator registers: {@code {"robotId","site","line","publicKeyPem"}}. */
    public ObjectNode enrolment(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.put("robotId", robotId);
        node.put("site", site);
        node.put("line", line);
        node.put("publicKeyPem", publicKeyPem());
        return node;
    }

    public Topic topic(MessageType type) {
        return Topic.of(site, line, robotId, type);
    }

    @Override
    public String toString() {
        return "RobotIdentity[" + robotId + " at " + site + "/" + line + "]";
    }
}

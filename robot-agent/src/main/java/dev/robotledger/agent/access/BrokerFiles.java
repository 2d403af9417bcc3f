package dev.robotledger.agent.access;

import java.nio.file.Path;

/** The Mosquitto password file and ACL file written by {@link BrokerAccess}. */
public record BrokerFiles(Path passwordFile, Path aclFile) {

    public BrokerFiles {
        if (passwordFile == null || aclFile == null) {
            throw new IllegalArgumentException("both the password file and the ACL file are required");
        }
    }
}

package dev.robotledger.contract.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the private data collections of a chaincode definition ({@code collections_config.json},
 * the file {@code peer lifecycle chaincode approveformyorg --collections-config} takes): each
 * collection's member orgs are the MSP ids its policy names as {@code '<MSP>.member'}.
 */
public final class CollectionsConfig {

    private static final Pattern MEMBER = Pattern.compile("'([A-Za-z0-9_.\\-]+)\\.member'");

    private CollectionsConfig() {}

    /**
     * The member MSP ids of each collection, by collection name, from a class-path resource.
     *
     * @param owner the class {@code resource} is looked up with ({@link Class#getResourceAsStream})
     */
    public static Map<String, Set<String>> members(Class<?> owner, String resource) {
        try (InputStream config = owner.getResourceAsStream(resource)) {
            if (config == null) {
                throw new IllegalStateException(resource + " is not on the class path of " + owner.getName());
            }
            return members(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Map<String, Set<String>> members(InputStream collectionsConfig) throws IOException {
        Map<String, Set<String>> members = new TreeMap<>();
        for (JsonNode collection : new ObjectMapper().readTree(collectionsConfig)) {
            Set<String> orgs = new TreeSet<>();
            Matcher member = MEMBER.matcher(collection.get("policy").asText());
            while (member.find()) {
                orgs.add(member.group(1));
            }
            members.put(collection.get("name").asText(), Set.copyOf(orgs));
        }
        return members;
    }
}

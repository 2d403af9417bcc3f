package dev.robotledger.chaincode.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.robotledger.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The one JSON mapper of the contract. Every endorsing peer must produce the same bytes, so
 * properties and map keys are written in sorted order, nulls are left out, and floating point
 * values go through Jackson's shortest round-trip form.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            // A misspelt field in a request must be refused, not silently ignored.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads state this contract wrote; a failure here means corrupted state, not bad input. */
    public static <T> T readState(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    /**
     * Parses a transaction argument. Validation errors thrown by a request's constructor keep
     * their own code and message; malformed JSON becomes {@link ErrorCode#INVALID_ARGUMENT}.
     */
    public static <T> T readRequest(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, type.getSimpleName() + " is missing");
        }
        T request;
        try {
            request = MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ChaincodeException refusal) {
                throw refusal;
            }
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT, type.getSimpleName() + " is invalid: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT, type.getSimpleName() + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (request == null) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, type.getSimpleName() + " is null");
        }
        return request;
    }
}

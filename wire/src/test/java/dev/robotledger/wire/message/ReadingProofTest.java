package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.merkle.InclusionProof;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingProofTest {

    private static final KeyPair KEYS = EcdsaP256.generateKeyPair();

    @Test
    void everyReadingOfEveryWindowSizeIsAttributedToTheRobot() {
        for (int size = 1; size <= 33; size++) {
            Envelope window = window(100, size);
            for (int index = 0; index < size; index++) {
                ReadingProof proof = ReadingProof.of(window, index);
                assertThat(proof.verify(KEYS.getPublic()))
                        .as("reading %d of %d", index, size)
                        .isTrue();
                assertThat(proof.inclusion().path().size()).isLessThanOrEqualTo(6);
            }
        }
    }

    @Test
    void survivesJsonAndStillVerifies() {
        ReadingProof proof = ReadingProof.of(window(0, 20), 13);
        ReadingProof copy = ReadingProof.fromJson(Json.parse(Json.canonicalBytes(proof.toJson())));
        assertThat(copy).isEqualTo(proof);
        assertThat(copy.verify(KEYS.getPublic())).isTrue();
    }

    @Test
    void isRefusedForAnotherKeyAnAlteredReadingOrAnAlteredHeader() {
        ReadingProof proof = ReadingProof.of(window(0, 20), 13);
        Reading reading = proof.reading();
        Reading altered = new Reading(
                reading.readingSeq(),
                reading.timestamp(),
                Map.of("temp.c", 99.0),
                reading.energyWh(),
                reading.cycleTimeMillis());

        assertThat(proof.verify(EcdsaP256.generateKeyPair().getPublic())).isFalse();
        assertThat(with(proof, altered, proof.inclusion()).verify(KEYS.getPublic()))
                .isFalse();
        assertThat(new ReadingProof(
                                "r-2",
                                proof.seq(),
                                proof.timestamp(),
                                proof.firstReadingSeq(),
                                proof.readingCount(),
                                proof.merkleRoot(),
                                proof.signature(),
                                reading,
                                proof.inclusion())
                        .verify(KEYS.getPublic()))
                .isFalse();
        assertThat(new ReadingProof(
                                proof.robotId(),
                                proof.seq() + 1,
                                proof.timestamp(),
                                proof.firstReadingSeq(),
                                proof.readingCount(),
                                proof.merkleRoot(),
                                proof.signature(),
                                reading,
                                proof.inclusion())
                        .verify(KEYS.getPublic()))
                .isFalse();
        assertThat(new ReadingProof(
                                proof.robotId(),
                                proof.seq(),
                                proof.timestamp() + 1,
                                proof.firstReadingSeq(),
                                proof.readingCount(),
                                proof.merkleRoot(),
                                proof.signature(),
                                reading,
                                proof.inclusion())
                        .verify(KEYS.getPublic()))
                .isFalse();
    }

    @Test
    void isRefusedWhenTheReadingClaimsAnotherPosition() {
        Envelope window = window(0, 20);
        ReadingProof proof = ReadingProof.of(window, 13);
        InclusionProof otherPath = ReadingProof.of(window, 12).inclusion();
        assertThat(with(proof, proof.reading(), otherPath).verify(KEYS.getPublic()))
                .isFalse();
        assertThat(with(
                                proof,
                                proof.reading(),
                                new InclusionProof(12, 20, proof.inclusion().path()))
                        .verify(KEYS.getPublic()))
                .isFalse();
    }

    @Test
    void fromJsonNamesMalformedFields() {
        ReadingProof proof = ReadingProof.of(window(0, 5), 2);
        String json = new String(Json.canonicalBytes(proof.toJson()), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReadingProof.fromJson(Json.parse(
                        json.replace("\"leafIndex\":2", "\"leafIndex\":9").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OUT_OF_RANGE));
    }

    @Test
    void fromJsonRefusesHeaderValuesNoWindowCouldHave() {
        ReadingProof proof = ReadingProof.of(window(0, 5), 2);
        String json = new String(Json.canonicalBytes(proof.toJson()), StandardCharsets.UTF_8);
        assertRefused(json.replace("\"seq\":", "\"seq\":-"), Reason.OUT_OF_RANGE);
        assertRefused(json.replace("\"seq\":", "\"seq\":9007199254740992"), Reason.OUT_OF_RANGE);
        assertRefused(json.replace("\"readingCount\":5", "\"readingCount\":0"), Reason.OUT_OF_RANGE);
        assertRefused(json.replace("\"signature\":\"", "\"signature\":\"!"), Reason.BAD_SIGNATURE_ENCODING);
    }

    private static void assertRefused(String json, Reason reason) {
        assertThatThrownBy(() -> ReadingProof.fromJson(Json.parse(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    @Test
    void leafBytesAreTheCanonicalReadingWithItsRobotId() {
        Reading reading = new Reading(5, 1_700_000_000_005L, Map.of("torque_nm", 0.0, "temp.c", 20.5), 0.0, 900);
        assertThat(new String(reading.leafBytes("r-1"), StandardCharsets.UTF_8))
                .isEqualTo("{\"cycleTimeMillis\":900,\"energyWh\":0,\"readingSeq\":5,\"robotId\":\"r-1\","
                        + "\"sensors\":{\"temp.c\":20.5,\"torque_nm\":0},\"timestamp\":1700000000005}");
    }

    @Test
    void windowRefusesNonConsecutiveReadingsAndTooManyOrNone() {
        List<Reading> gap = List.of(
                TestReadings.readings(0, 1).get(0), TestReadings.readings(2, 1).get(0));
        assertThatThrownBy(() -> TelemetryWindow.seal("r-1", gap)).hasMessageContaining("consecutive");
        assertThatThrownBy(() -> TelemetryWindow.seal("r-1", List.of())).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(
                        () -> TelemetryWindow.seal("r-1", TestReadings.readings(0, TelemetryWindow.MAX_READINGS + 1)))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void signedBytesOfAWindowLeaveOutTheReadings() {
        Envelope window = window(0, 3);
        String signed = new String(window.canonicalBytes(), StandardCharsets.UTF_8);
        assertThat(signed)
                .startsWith("{\"payload\":{\"firstReadingSeq\":0,\"merkleRoot\":\""
                        + window.telemetryWindow().merkleRoot().hex() + "\",\"readingCount\":3},\"robotId\":\"r-1\"");
        assertThat(signed).doesNotContain("readings");
    }

    private static ReadingProof with(ReadingProof proof, Reading reading, InclusionProof inclusion) {
        return new ReadingProof(
                proof.robotId(),
                proof.seq(),
                proof.timestamp(),
                proof.firstReadingSeq(),
                proof.readingCount(),
                proof.merkleRoot(),
                proof.signature(),
                reading,
                inclusion);
    }

    private static Envelope window(long firstSeq, int size) {
        TelemetryWindow window = TelemetryWindow.seal("r-1", TestReadings.readings(firstSeq, size));
        return Envelope.sign(3, 1_700_000_001_000L, window, KEYS.getPrivate());
    }
}

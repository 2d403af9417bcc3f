package dev.robotledger.wire.topic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.robotledger.wire.message.WireFormatException;
import java.nio.charset.StandardCharsets;

/** Topic parsing on arbitrary text: a BAD_TOPIC refusal or a topic that formats back to the same text. */
class TopicFuzzTest {

    @FuzzTest
    void parseRefusesOrFormatsBackToTheSameText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Topic topic;
        try {
            topic = Topic.parse(text);
        } catch (WireFormatException refused) {
            assertThat(refused.reason()).isEqualTo(WireFormatException.Reason.BAD_TOPIC);
            return;
        }
        assertThat(topic.format()).isEqualTo(text);
        assertThat(Topic.parse(topic.format())).isEqualTo(topic);
        assertThat(topic.format()).doesNotContain("+", "#", "\u0000");
    }
}

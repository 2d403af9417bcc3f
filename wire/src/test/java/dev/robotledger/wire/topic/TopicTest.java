package dev.robotledger.wire.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.topic.Topic.Channel;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void parsesAndFormatsTheNamespace() {
        Topic topic = Topic.parse("factory/s1/line-2/robot_7.a/telemetry");
        assertThat(topic).isEqualTo(new Topic("s1", "line-2", "robot_7.a", Channel.TELEMETRY));
        assertThat(topic.format()).isEqualTo("factory/s1/line-2/robot_7.a/telemetry");
        assertThat(Topic.of("s1", "l1", "r1", MessageType.ASSEMBLED).format()).isEqualTo("factory/s1/l1/r1/event");
    }

    @Test
    void refusesTopicsOutsideTheNamespace() {
        for (String bad : new String[] {
            "factory/s1/l1/r1",
            "plant/s1/l1/r1/event",
            "factory/s1/l1/r1/other",
            "factory/s1/l1/+/event",
            "factory/s1//r1/event",
            "factory/s1/l1/r1/event/extra"
        }) {
            assertThatThrownBy(() -> Topic.parse(bad))
                    .as(bad)
                    .isInstanceOf(WireFormatException.class)
                    .extracting(e -> ((WireFormatException) e).reason())
                    .isEqualTo(WireFormatException.Reason.BAD_TOPIC);
        }
    }

    @Test
    void matchesOnlyEnvelopesOfItsRobotAndChannel() {
        var key = EcdsaP256.generateKeyPair().getPrivate();
        Envelope event =
                Envelope.sign("r1", 1, 5, MessageType.QUALITY_CHECK, JsonNodeFactory.instance.objectNode(), key);
        assertThat(Topic.parse("factory/s1/l1/r1/event").matches(event)).isTrue();
        assertThat(Topic.parse("factory/s1/l1/r2/event").matches(event)).isFalse();
        assertThat(Topic.parse("factory/s1/l1/r1/telemetry").matches(event)).isFalse();
    }

    @Test
    void buildsSharedSubscriptionFilters() {
        assertThat(Topic.sharedSubscription("gateways")).isEqualTo("$share/gateways/factory/+/+/+/+");
    }
}

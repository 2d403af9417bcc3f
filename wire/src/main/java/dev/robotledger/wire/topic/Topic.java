package dev.robotledger.wire.topic;

import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.util.regex.Pattern;

/**
 * An MQTT topic of the namespace {@code factory/{site}/{line}/{robotId}/{telemetry|event}}.
 * Site, line and robot id match {@code [A-Za-z0-9._-]{1,64}}, so they never contain MQTT
 * separators or wildcards.
 */
public record Topic(String site, String line, String robotId, Channel channel) {

    public static final String ROOT = "factory";
    /** Matches every robot topic; prefix with {@code $share/<group>/} to split load between subscribers. */
    public static final String ALL_ROBOTS_FILTER = ROOT + "/+/+/+/+";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The last topic level: which kind of envelope travels on it. */
    public enum Channel {
        TELEMETRY("telemetry"),
        EVENT("event");

        private final String segment;

        Channel(String segment) {
            this.segment = segment;
        }

        public String segment() {
            return segment;
        }

        public static Channel of(MessageType type) {
            return type == MessageType.TELEMETRY_WINDOW ? TELEMETRY : EVENT;
        }
    }

    public Topic {
        checkSegment("site", site);
        checkSegment("line", line);
        checkSegment("robotId", robotId);
        if (channel == null) {
            throw new WireFormatException(Reason.BAD_TOPIC, robotId, "a topic needs a channel");
        }
    }

    /** The topic an envelope of {@code type} from this robot is published on. */
    public static Topic of(String site, String line, String robotId, MessageType type) {
        return new Topic(site, line, robotId, Channel.of(type));
    }

    public static Topic parse(String topic) {
        String[] levels = topic == null ? new String[0] : topic.split("/", -1);
        if (levels.length != 5 || !ROOT.equals(levels[0])) {
            throw new WireFormatException(
                    Reason.BAD_TOPIC,
                    null,
                    "expected factory/{site}/{line}/{robotId}/{telemetry|event}, got '" + topic + "'");
        }
        for (Channel channel : Channel.values()) {
            if (channel.segment.equals(levels[4])) {
                return new Topic(levels[1], levels[2], levels[3], channel);
            }
        }
        throw new WireFormatException(Reason.BAD_TOPIC, null, "unknown channel '" + levels[4] + "' in '" + topic + "'");
    }

    /** The shared subscription for a group of gateways: {@code $share/<group>/factory/+/+/+/+}. */
    public static String sharedSubscription(String group) {
        checkSegment("group", group);
        return "$share/" + group + "/" + ALL_ROBOTS_FILTER;
    }

    /** True when the envelope's robot and type belong on this topic (a robot may publish only its own). */
    public boolean matches(Envelope envelope) {
        return matches(envelope.robotId(), envelope.type());
    }

    /** True when this topic is the one a robot publishes messages of {@code type} on. */
    public boolean matches(String robotId, MessageType type) {
        return this.robotId.equals(robotId) && channel == Channel.of(type);
    }

    public String format() {
        return ROOT + "/" + site + "/" + line + "/" + robotId + "/" + channel.segment;
    }

    @Override
    public String toString() {
        return format();
    }

    private static void checkSegment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new WireFormatException(
                    Reason.BAD_TOPIC,
                    null,
                    what + " must match [A-Za-z0-9._-]{1,64}, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }
}

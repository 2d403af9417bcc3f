package dev.robotledger.gateway.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.junit.jupiter.api.Test;

class PahoCountingInputStreamTest {

    @Test
    void pahoLoadsThisModulesCountingInputStreamNotItsOwn() throws Exception {
        Class<?> loaded = MqttPublish.class.getClassLoader().loadClass(CountingInputStream.class.getName());
        assertThat(loaded.getProtectionDomain().getCodeSource().getLocation())
                .as("where Paho's class loader finds CountingInputStream")
                .isEqualTo(MqttIngestion.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation())
                .isNotEqualTo(
                        MqttPublish.class.getProtectionDomain().getCodeSource().getLocation());
    }

    @Test
    void countsBytesReadOneAtATimeAndInArraysButNotTheEnd() throws IOException {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[10]));
        in.read();
        assertThat(in.read(new byte[6], 0, 6)).isEqualTo(6);
        assertThat(in.read(new byte[6], 0, 6)).isEqualTo(3);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[6], 0, 6)).isEqualTo(-1);
        assertThat(in.getCounter()).isEqualTo(10);
        in.resetCounter();
        assertThat(in.getCounter()).isZero();
    }

    @Test
    void aPublishPacketParsesBackToItsTopicAndPayload() throws Exception {
        byte[] payload = new byte[100_000];
        new Random(7).nextBytes(payload);
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        MqttPublish publish = new MqttPublish("factory/s1/l1/robot-001/telemetry", message, null);
        publish.setMessageId(42);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(publish.getHeader());
        packet.write(publish.getPayload());

        MqttWireMessage parsed = MqttWireMessage.createWireMessage(packet.toByteArray());

        assertThat(parsed).isInstanceOf(MqttPublish.class);
        MqttPublish back = (MqttPublish) parsed;
        assertThat(back.getTopicName()).isEqualTo("factory/s1/l1/robot-001/telemetry");
        assertThat(back.getMessageId()).isEqualTo(42);
        assertThat(back.getMessage().getPayload()).isEqualTo(payload);
    }
}

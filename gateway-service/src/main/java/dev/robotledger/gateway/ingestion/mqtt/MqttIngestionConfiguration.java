package dev.robotledger.gateway.ingestion.mqtt;

import dev.robotledger.gateway.ingestion.IngestionMetrics;
import dev.robotledger.gateway.ingestion.IngestionProperties;
import dev.robotledger.gateway.ingestion.IngestionQueue;
import dev.robotledger.gateway.journal.JournalSharing;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MqttIngestionConfiguration {

    // Room for one connection's in-flight window plus the unacked leftovers of the previous one,
    // and for one more window of what Mosquitto sends beyond the receive maximum.
    @Bean
    IngestionQueue ingestionQueue(MqttIngestionProperties properties) {
        return new IngestionQueue(2 * properties.receiveMaximum(), properties.receiveMaximum());
    }

    // A shared subscription exists to spread the robots over several gateways, which then all
    // journal into one database; a plain one makes this gateway the only journal writer.
    @Bean
    JournalSharing journalSharing(MqttIngestionProperties properties) {
        return properties.sharedGroup().isEmpty() ? JournalSharing.SOLE_WRITER : JournalSharing.SHARED;
    }

    // Off for an organisation whose gateway runs no robots (retailer, lender, oracle): it only
    // follows the ledger, and the broker's ACL would refuse its subscription anyway.
    @Bean
    @ConditionalOnProperty(prefix = "gateway.mqtt", name = "enabled", havingValue = "true", matchIfMissing = true)
    MqttIngestion mqttIngestion(
            MqttIngestionProperties properties,
            IngestionProperties ingestion,
            IngestionQueue queue,
            IngestionMetrics metrics) {
        return new MqttIngestion(properties, queue, metrics, Clock.systemUTC(), maximumPacketBytes(ingestion));
    }

    /**
     * The largest MQTT packet the gateway accepts: the largest payload it journals plus room for
     * the topic, properties and header. Anything larger could only be dead-lettered as too large.
     */
    static long maximumPacketBytes(IngestionProperties ingestion) {
        return ingestion.maxPayloadBytes() + 65_536L;
    }
}

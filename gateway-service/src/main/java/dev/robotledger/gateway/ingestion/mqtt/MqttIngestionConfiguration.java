package dev.robotledger.gateway.ingestion.mqtt;

import dev.robotledger.gateway.ingestion.IngestionMetrics;
import dev.robotledger.gateway.ingestion.IngestionQueue;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MqttIngestionConfiguration {

    // Room for one connection's in-flight window plus the unacked leftovers of the previous one.
    @Bean
    IngestionQueue ingestionQueue(MqttIngestionProperties properties) {
        return new IngestionQueue(2 * properties.receiveMaximum());
    }

    @Bean
    MqttIngestion mqttIngestion(MqttIngestionProperties properties, IngestionQueue queue, IngestionMetrics metrics) {
        return new MqttIngestion(properties, queue, metrics, Clock.systemUTC());
    }
}

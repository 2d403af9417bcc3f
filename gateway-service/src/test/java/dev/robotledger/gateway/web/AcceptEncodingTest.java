package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptEncodingTest {

    @Test
    void gzipIsChosenOnlyWhenTheClientAcceptsIt() {
        assertThat(AcceptEncoding.allowsGzip(List.of())).as("no header").isFalse();
        assertThat(AcceptEncoding.allowsGzip(List.of("gzip"))).isTrue();
        assertThat(AcceptEncoding.allowsGzip(List.of("br, GZIP;q=0.5"))).isTrue();
        assertThat(AcceptEncoding.allowsGzip(List.of("deflate", "x-gzip"))).isTrue();
        assertThat(AcceptEncoding.allowsGzip(List.of("*"))).isTrue();
        assertThat(AcceptEncoding.allowsGzip(List.of("identity"))).isFalse();
        assertThat(AcceptEncoding.allowsGzip(List.of("gzip;q=0"))).isFalse();
        assertThat(AcceptEncoding.allowsGzip(List.of("*;q=1, gzip;q=0.0")))
                .as("refused by name")
                .isFalse();
        assertThat(AcceptEncoding.allowsGzip(List.of("gzip;q=high")))
                .as("unreadable weight")
                .isFalse();
    }
}

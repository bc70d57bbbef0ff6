package dev.batchapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebOriginTest {

    @Test
    void oneOriginWhateverTheCaseAndWhetherTheDefaultPortIsSaid() {
        assertThat(WebOrigin.parse("HTTPS://Api.Example.com:443")).isEqualTo(WebOrigin.parse("https://api.example.com"));
        assertThat(WebOrigin.parse("http://localhost:80")).contains(new WebOrigin("http", "localhost", 80));
        assertThat(WebOrigin.of("https", "api.example.com")).isEqualTo(WebOrigin.parse("https://api.example.com"));
        assertThat(WebOrigin.parse("http://127.0.0.1:8080")).isNotEqualTo(WebOrigin.parse("http://127.0.0.1:8081"));
        assertThat(WebOrigin.parse("http://a.example")).isNotEqualTo(WebOrigin.parse("https://a.example"));
        assertThat(WebOrigin.parse("https://a.example:8443").orElseThrow()).hasToString("https://a.example:8443");
    }

    @Test
    void whatIsNoOriginIsEmpty() {
        for (String notAnOrigin : new String[] {"null", "", "file://", "https://", "https://a.example/path",
                "https://a.example?q", "https://u:p@a.example", "a.example", "https://a b"}) {
            assertThat(WebOrigin.parse(notAnOrigin)).as(notAnOrigin).isEmpty();
        }
        assertThat(WebOrigin.of("ftp", "a.example")).isEmpty();
        assertThat(WebOrigin.of("https", "evil.example/x")).isEmpty();
    }
}

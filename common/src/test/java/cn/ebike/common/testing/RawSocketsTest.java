package cn.ebike.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawSocketsTest {

    private static boolean complete(String s) {
        return RawSockets.complete(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aResponseIsCompleteWhenItsDeclaredLengthInBytesHasArrived() {
        assertThat(complete("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n")).isFalse();
        assertThat(complete("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n新")).as("3 of 6 bytes").isFalse();
        assertThat(complete("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n新车")).isTrue();
        assertThat(complete("HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")).isTrue();
    }

    @Test
    void aChunkedResponseIsCompleteAtItsLastChunk() {
        assertThat(complete("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n")).isFalse();
        assertThat(complete("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")).isTrue();
    }

    @Test
    void headersNotYetEndedAreNotAResponse() {
        assertThat(complete("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n")).isFalse();
    }
}

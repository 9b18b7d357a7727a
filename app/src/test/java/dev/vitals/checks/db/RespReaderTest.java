package dev.vitals.checks.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.checks.db.RespReader.RespException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespReaderTest {
    @Test
    void everyKindOfReplyReadsAsText() throws IOException {
        assertThat(read("+PONG\r\n").render()).isEqualTo("PONG");
        assertThat(read(":42\r\n").render()).isEqualTo("42");
        assertThat(read("$5\r\nhe\r\no\r\n").render()).isEqualTo("he\r\no");
        assertThat(read("$-1\r\n").render()).isEqualTo("(nil)");
        assertThat(read("*3\r\n$1\r\na\r\n:2\r\n*1\r\n+c\r\n").render()).isEqualTo("a\n2\nc");
        assertThat(read("-ERR wrong\r\n")).isEqualTo(new Reply.Error("ERR wrong"));
    }

    @Test
    void deeplyNestedArraysAreShownOnlySoDeep() throws IOException {
        assertThat(read("*1\r\n".repeat(5) + "+x\r\n").render()).isEqualTo("...");
        assertThatThrownBy(() -> read("*1\r\n".repeat(RespReader.MAX_DEPTH + 2) + "+x\r\n"))
                .isInstanceOf(RespException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void aReplyLargerThanTheCapIsRefusedBeforeItIsRead() {
        assertThatThrownBy(() -> read("$" + (RespReader.MAX_REPLY + 1) + "\r\n"))
                .isInstanceOf(RespException.class)
                .hasMessage("reply of 1048577 bytes, more than the 1048576 a check reads");
    }

    @Test
    void somethingThatIsNotRespIsNamed() {
        assertThatThrownBy(() -> read("HTTP/1.1 400 Bad Request\r\n"))
                .isInstanceOf(RespException.class)
                .hasMessage("not a Redis reply (it starts with 'H')");
    }

    @Test
    void aReplyCutShortIsAClosedConnection() {
        assertThatThrownBy(() -> read("$10\r\nabc")).isInstanceOf(EOFException.class);
    }

    @Test
    void commandsAreEncodedAsArraysOfBulkStrings() {
        assertThat(new String(RedisChecker.encode(List.of("GET", "ké")), StandardCharsets.UTF_8))
                .isEqualTo("*2\r\n$3\r\nGET\r\n$3\r\nké\r\n");
    }

    private static Reply read(String bytes) throws IOException {
        return new RespReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.UTF_8)), () -> {}).reply();
    }
}

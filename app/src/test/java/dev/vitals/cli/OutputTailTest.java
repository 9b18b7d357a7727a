package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {
    private static void write(OutputTail tail, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        tail.write(b, 0, b.length);
    }

    @Test
    void keepsEverythingWhileItFits() {
        OutputTail tail = new OutputTail(16);
        write(tail, "abc");
        write(tail, "def");
        assertThat(tail.text()).isEqualTo("abcdef");
        assertThat(tail.total()).isEqualTo(6);
    }

    @Test
    void keepsTheEndAndNotTheBeginningOnceTheOutputIsLonger() {
        OutputTail tail = new OutputTail(10);
        write(tail, "0123456");
        write(tail, "789ab");
        write(tail, "cd");
        assertThat(tail.text()).isEqualTo("456789abcd");
        write(tail, "a write longer than the whole tail");
        assertThat(tail.text()).isEqualTo("whole tail");
        assertThat(tail.total()).isEqualTo(14 + 34);
    }

    @Test
    void aCutInsideAMultiByteCharacterDropsItsRestInsteadOfPrintingGarbage() {
        // 1-, 2-, 3- and 4-byte characters: every capacity cuts somewhere else, some inside one.
        String text = "aé€😀".repeat(5);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int capacity = 1; capacity <= bytes.length; capacity++) {
            for (int chunk = 1; chunk <= 7; chunk++) {
                OutputTail tail = new OutputTail(capacity);
                for (int i = 0; i < bytes.length; i += chunk) {
                    tail.write(bytes, i, Math.min(chunk, bytes.length - i));
                }
                String kept = tail.text();
                assertThat(kept)
                        .as("capacity %d, written %d bytes at a time", capacity, chunk)
                        .doesNotContain("\uFFFD");
                assertThat(text).endsWith(kept);
                assertThat(kept.getBytes(StandardCharsets.UTF_8).length)
                        .isGreaterThan(capacity - 4)
                        .isLessThanOrEqualTo(capacity);
            }
        }
    }

    @Test
    void aTailOfZeroBytesKeepsNothingButCounts() {
        OutputTail tail = new OutputTail(0);
        write(tail, "anything");
        assertThat(tail.text()).isEmpty();
        assertThat(tail.total()).isEqualTo(8);
    }
}

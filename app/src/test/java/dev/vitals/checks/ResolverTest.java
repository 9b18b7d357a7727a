package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResolverTest {
    @Test
    void aNameIsLookedUpWithinTheDeadline() throws Exception {
        assertThat(Resolver.lookup("localhost", Deadline.in(Duration.ofSeconds(5))))
                .isNotEmpty();
    }

    @Test
    void anUnknownNameIsAnUnknownHostAndNotATimeout() {
        assertThatThrownBy(() -> Resolver.lookup("nothing.invalid", Deadline.in(Duration.ofSeconds(5))))
                .isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(Resolver.LookupTimedOut.class);
    }

    @Test
    void aLookupThatOutlastsTheDeadlineIsGivenUpOnAtTheDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Resolver.lookup("slow.example", Deadline.in(Duration.ofMillis(200)), host -> {
                    Thread.sleep(5_000);
                    return new java.net.InetAddress[0];
                }))
                .isInstanceOf(Resolver.LookupTimedOut.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}

package dev.vitals.notify.teams;

import static dev.vitals.notify.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import dev.vitals.notify.Messages;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Teams channel against a local server that answers as a Teams workflow trigger does. */
class TeamsChannelTest {
    SettableClock clock = new SettableClock(T0);
    Claimed n = Messages.claimed("teams", TeamsFormat.render(Messages.oneFiring()));

    @Test
    void theCardIsPostedAndAcceptedWhenTheWorkflowTakesIt() {
        try (HttpTargets teams = HttpTargets.http().on("/workflows/1/triggers/manual", Route.status(202, ""))) {
            Delivery d = channel(teams).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Sent(Optional.of(202)));
            assertThat(teams.lastReceived().body()).isEqualTo(n.payload());
            assertThat(teams.lastReceived().header("Idempotency-Key")).isEqualTo("n-0001");
        }
    }

    @Test
    void aWorkflowThatIsGoneFailsForGood() {
        try (HttpTargets teams =
                HttpTargets.http().on("/workflows/1/triggers/manual", Route.status(404, "WorkflowNotFound"))) {
            Delivery d = channel(teams).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Failed("HTTP 404: WorkflowNotFound", Optional.of(404)));
        }
    }

    private TeamsChannel channel(HttpTargets teams) {
        return new TeamsChannel(new HttpPost(
                HttpPost.client(), teams.url("/workflows/1/triggers/manual"), Duration.ofSeconds(5), clock));
    }
}

package dev.vitals.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group of alerts bound for one receiver by one route, as stored: what one notification is about.
 *
 * @param route the route's path in words ({@code route.routes[0]})
 * @param dueAt when to look at the group next; empty when there is nothing to do
 * @param sentFiring the alerts the last notification told as firing (sorted): a change is news
 * @param seq how many notifications the group has sent
 */
public record Group(
        String gid,
        String receiver,
        String route,
        Map<String, String> groupLabels,
        RouteNode.Timings timings,
        Instant createdAt,
        Optional<Instant> dueAt,
        Optional<Instant> lastSentAt,
        List<String> sentFiring,
        int seq) {
    public Group {
        groupLabels = Map.copyOf(groupLabels);
        sentFiring = List.copyOf(sentFiring);
    }

    /**
     * When a change (an alert joining or resolving) should be told: after {@code group_wait} for a
     * group that has told nothing yet (or nothing since it went quiet), else at the next {@code
     * group_interval} after the last notification, and never before {@code now}.
     */
    Instant dueForChange(Instant now, boolean quiet) {
        Instant at;
        if (lastSentAt.isEmpty() || quiet) {
            at = now.plus(timings.groupWait());
        } else {
            Instant next = lastSentAt.get().plus(timings.groupInterval());
            at = next.isAfter(now) ? next : now;
        }
        return dueAt.filter(d -> d.isBefore(at)).orElse(at);
    }

    Duration repeatInterval() {
        return timings.repeatInterval();
    }

    /** A member of a group: an alert, and what this group's receiver has been told of it. */
    public record Member(AlertRow alert, boolean toldFiring) {}
}

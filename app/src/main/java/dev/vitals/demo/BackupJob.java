package dev.vitals.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The office's nightly backup: a job that reports to Vitals by ping, as a real one would with {@code
 * vitals run} or curl, and is watched by the push monitor {@code backup-nightly}.
 *
 * <p>"Nightly" is a story: in the demo it runs once a minute of script time, starting 10 seconds into
 * the minute and ending 15 seconds later ({@code /start}, then {@code /0} with a short log). In the
 * third minute of the cycle it fails ({@code /1} with an error log), so the monitor goes down and is up
 * again at the next run; in the fifth it does not run at all, so the monitor goes late at the due time,
 * down after the grace, and up at the run of the sixth minute, before the cycle starts again.
 *
 * <p>The job follows the script's clock ({@link Script#elapsed}), so a faster script runs it more often.
 * Vitals's push timing does not follow: a period is at least one real minute, so above speed 1 the
 * silent minute is shorter than the period and shows no lateness; the failed run still shows.
 */
final class BackupJob {
    private static final Logger LOG = LoggerFactory.getLogger(BackupJob.class);

    /** The ping key of {@code backup-nightly}, fixed in demo.yaml so that the job knows it. */
    static final UUID KEY = UUID.fromString("6b1f3c2e-9a4d-4e7b-8c5f-2d0e1a9b7c64");

    /** How often the job runs, in script time. */
    static final Duration EVERY = Duration.ofMinutes(1);

    /** When in its minute a run starts. */
    static final Duration STARTS = Duration.ofSeconds(10);

    /** How long a run takes. */
    static final Duration TAKES = Duration.ofSeconds(15);

    /** The minute of the cycle (counted from 0) whose run fails. */
    static final int FAILS_IN_MINUTE = 2;

    /** The minute of the cycle whose run does not happen. */
    static final int SILENT_IN_MINUTE = 4;

    static final String SUCCESS_LOG = "backed up 1,204 files, 3.1 GB to the tape library in 15 s\n";
    static final String FAILURE_LOG = "backup failed: the tape library did not answer (drive 2: media error)\n";

    /** One ping of a run: {@code action} is {@code start}, {@code 0} or {@code 1}, as in the ping URL. */
    record Ping(String action, UUID rid, String log) {}

    /** Where pings go. */
    @FunctionalInterface
    interface Sender {
        void send(Ping ping);
    }

    private final Script script;
    private final long runsPerCycle;
    private final String runIds;
    // Only the ticking thread reads and writes it: script time up to which pings were sent.
    private Duration done = Duration.ofMillis(-1);

    /**
     * A job on {@code script}'s clock; {@code runIds} makes its run ids differ from those of an earlier
     * start of the demo on the same database (the instant of the start will do).
     */
    BackupJob(Script script, String runIds) {
        this.script = script;
        this.runsPerCycle = script.cycle().dividedBy(EVERY);
        this.runIds = runIds;
    }

    /**
     * Sends, in order, the pings due since the last tick (several when the script runs fast or a tick was
     * late) and returns them. A ping that cannot be sent is the sender's to log; it is not sent again, as
     * a real job would not retry either.
     */
    List<Ping> tick(Sender sender) {
        Duration now = script.elapsed();
        List<Ping> due = due(done, now);
        done = now;
        for (Ping p : due) {
            sender.send(p);
        }
        return due;
    }

    /** The pings at script times after {@code from} and up to {@code to}, oldest first. */
    List<Ping> due(Duration from, Duration to) {
        List<Ping> out = new ArrayList<>();
        long first = Math.max(0, from.minus(STARTS).minus(TAKES).dividedBy(EVERY));
        for (long run = first; !EVERY.multipliedBy(run).plus(STARTS).minus(to).isPositive(); run++) {
            long minute = run % runsPerCycle;
            if (minute == SILENT_IN_MINUTE) {
                continue;
            }
            Duration start = EVERY.multipliedBy(run).plus(STARTS);
            Duration end = start.plus(TAKES);
            UUID rid = UUID.nameUUIDFromBytes((runIds + " run " + run).getBytes(StandardCharsets.UTF_8));
            if (start.compareTo(from) > 0 && start.compareTo(to) <= 0) {
                out.add(new Ping("start", rid, ""));
            }
            if (end.compareTo(from) > 0 && end.compareTo(to) <= 0) {
                out.add(minute == FAILS_IN_MINUTE ? new Ping("1", rid, FAILURE_LOG) : new Ping("0", rid, SUCCESS_LOG));
            }
        }
        return out;
    }

    /**
     * Sends pings over HTTP to Vitals at {@code base} (such as {@code http://127.0.0.1:8080}), with the
     * log as the body, and logs a ping that fails: the demo goes on, and the monitor shows the silence.
     */
    static Sender http(URI base, HttpClient client) {
        return p -> {
            URI uri = base.resolve("/ping/" + KEY + "/" + p.action() + "?rid=" + p.rid());
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(p.log()))
                    .build();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    LOG.warn(
                            "demo backup: ping {} answered {}: {}",
                            uri,
                            r.statusCode(),
                            r.body().strip());
                }
            } catch (java.io.IOException e) {
                LOG.warn("demo backup: cannot ping {}: {}", uri, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}

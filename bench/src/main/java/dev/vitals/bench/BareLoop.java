package dev.vitals.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The yardstick for Vitals's throughput: a bare OkHttp loop making the same requests as the checks
 * (a fresh connection each, {@code Connection: close}, the whole body read), as fast as it can, with
 * no scheduling, judging or storing. Vitals at saturation is compared with this, in the same run.
 */
final class BareLoop {
    private BareLoop() {}

    /** Requests per second over {@code duration} with {@code concurrency} loops at once. */
    static double run(Targets targets, int urls, int concurrency, Duration duration) throws InterruptedException {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS))
                .proxy(java.net.Proxy.NO_PROXY)
                .callTimeout(Duration.ofSeconds(5))
                .build();
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int first = t;
            threads.add(Thread.ofVirtual().start(() -> {
                int i = first;
                while (System.nanoTime() < end) {
                    Request request = new Request.Builder()
                            .url(targets.url(i % urls))
                            .header("Connection", "close")
                            .build();
                    try (Response r = client.newCall(request).execute()) {
                        r.body().bytes();
                        if (r.code() == 200) {
                            done.increment();
                        } else {
                            failed.increment();
                        }
                    } catch (Exception e) {
                        failed.increment();
                    }
                    i += concurrency;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        if (failed.sum() > done.sum() / 100) {
            System.out.printf("  (bare loop: %d of %d requests failed)%n", failed.sum(), failed.sum() + done.sum());
        }
        return done.sum() / (duration.toNanos() / 1e9);
    }
}

package dev.vitals.web;

import dev.vitals.results.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as SVG: no chart library, no script, and they print. Only numbers reach
 * the markup (templates escape the rest), so nothing here can carry a page's data into a script.
 */
public final class Svg {
    static final int SPARK_W = 120;
    static final int SPARK_H = 24;
    static final int CHART_W = 720;
    static final int CHART_H = 220;
    static final int CHART_LEFT = 72;
    static final int CHART_BOTTOM = 24;

    private Svg() {}

    /** A sparkline's points: answered results as a line, results without an answer as ticks at x. */
    public record Spark(String points, List<Integer> downs, String title) {}

    static Spark spark(long[] micros) {
        long max = 1000;
        for (long v : micros) {
            max = Math.max(max, v);
        }
        StringBuilder pts = new StringBuilder();
        List<Integer> downs = new ArrayList<>();
        int n = micros.length;
        double dx = n <= 1 ? 0 : (double) (SPARK_W - 2) / (n - 1);
        for (int i = 0; i < n; i++) {
            int x = (int) Math.round(1 + i * dx);
            if (micros[i] < 0) {
                downs.add(x);
                continue;
            }
            int y = (int) Math.round(SPARK_H - 2 - (double) micros[i] / max * (SPARK_H - 4));
            if (!pts.isEmpty()) {
                pts.append(' ');
            }
            pts.append(x).append(',').append(y);
        }
        String title = n == 0
                ? "no results yet"
                : "last " + n + " results, highest " + Console.latency(Duration.ofNanos(max * 1000));
        return new Spark(pts.toString(), downs, title);
    }

    /** The latency chart of a monitor's detail page. */
    public record Chart(
            String line,
            String maxLine,
            int slowY,
            boolean slowShown,
            List<Band> downs,
            List<Tick> yTicks,
            List<Tick> xTicks,
            int points) {}

    public record Band(int x, int width, String title) {}

    /** A label of an axis: where, what, and which end of the text is at that place (start, middle, end). */
    public record Tick(int at, String label, String anchor) {}

    static Chart chart(List<Series.Point> points, Duration slow, String[] xLabels) {
        long top = 0;
        for (Series.Point p : points) {
            top = Math.max(top, p.counts().latencyMeanMicros());
        }
        long slowMicros = slow.toNanos() / 1000;
        // The slow threshold is drawn whenever it is within reach of the data; a line far above is noise.
        boolean slowShown = top == 0 || slowMicros <= top * 4;
        long max = Math.max(1000, slowShown ? Math.max(top, slowMicros) : top);
        max = nice(max + max / 8);
        int w = CHART_W - CHART_LEFT - 8;
        int h = CHART_H - CHART_BOTTOM - 8;
        int n = points.size();
        double dx = n <= 1 ? 0 : (double) w / (n - 1);
        StringBuilder line = new StringBuilder();
        StringBuilder maxLine = new StringBuilder();
        List<Band> downs = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < n; i++) {
            var c = points.get(i).counts();
            int x = (int) Math.round(CHART_LEFT + i * dx);
            if (c.answered() > 0) {
                append(line, x, y(c.latencyMeanMicros(), max, h));
                append(maxLine, x, y(Math.min(c.latencyMaxMicros(), max), max, h));
                count++;
            }
            if (c.down() > 0) {
                int bw = Math.max(2, (int) Math.round(dx));
                downs.add(new Band(x - bw / 2, bw, c.down() + " down"));
            }
        }
        String drawn = line.toString();
        String drawnMax = maxLine.toString();
        if (count == 1) {
            // One answered step (a new monitor, or an interval as long as the step) is one point, and a
            // polyline of one point draws nothing: show it as a level stroke one step wide instead.
            int half = (int) Math.max(4, Math.round(n <= 1 ? w / 2.0 : dx / 2));
            drawn = level(drawn, half, w);
            drawnMax = level(drawnMax, half, w);
        }
        List<Tick> yTicks = List.of(
                new Tick(y(0, max, h), "0", "end"),
                new Tick(y(max / 2, max, h), Console.latency(Duration.ofNanos(max / 2 * 1000)), "end"),
                new Tick(y(max, max, h), Console.latency(Duration.ofNanos(max * 1000)), "end"));
        List<Tick> xTicks = new ArrayList<>();
        for (int i = 0; i < xLabels.length; i++) {
            // The first and last labels end at the plot's edges, so that none is cut off.
            String anchor = i == 0 ? "start" : i == xLabels.length - 1 ? "end" : "middle";
            xTicks.add(new Tick(
                    (int) Math.round(CHART_LEFT + (double) w * i / Math.max(1, xLabels.length - 1)),
                    xLabels[i],
                    anchor));
        }
        // A threshold far above the data is drawn at the top edge (the caption says so), not to scale.
        int slowY = slowShown ? y(slowMicros, max, h) : 8;
        return new Chart(drawn, drawnMax, slowY, slowShown, downs, yTicks, xTicks, count);
    }

    /** The one point {@code "x,y"} as two, {@code half} to either side within the plot. */
    private static String level(String point, int half, int w) {
        int comma = point.indexOf(',');
        int x = Integer.parseInt(point.substring(0, comma));
        String y = point.substring(comma + 1);
        int left = Math.max(CHART_LEFT, x - half);
        int right = Math.min(CHART_LEFT + w, x + half);
        return left + "," + y + " " + right + "," + y;
    }

    private static int y(long micros, long max, int h) {
        return (int) Math.round(8 + h - (double) micros / max * h);
    }

    private static void append(StringBuilder b, int x, int y) {
        if (!b.isEmpty()) {
            b.append(' ');
        }
        b.append(x).append(',').append(y);
    }

    /** A round number at least {@code v}: 1, 2 or 5 times a power of ten. */
    static long nice(long v) {
        long p = 1;
        while (p * 10 <= v) {
            p *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (p * m >= v) {
                return p * m;
            }
        }
        return p * 10;
    }

    static String number(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}

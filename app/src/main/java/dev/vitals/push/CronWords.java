package dev.vitals.push;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cron expression in plain English, for the shapes people write most: every N minutes, every hour
 * at a minute, every day, on some weekdays, on a day of the month or of the year at given times.
 * Anything else is quoted as it is ({@code cron "5 4 * * 1-5/2" in UTC}): a wrong phrase would be
 * worse than none. Times of day carry the zone; minute steps do not, as they are the same everywhere.
 */
final class CronWords {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");
    private static final Pattern STEP = Pattern.compile("\\*/(\\d{1,2})");
    private static final Pattern RANGE = Pattern.compile("(\\w+)-(\\w+)");
    private static final List<String> DAY_NAMES = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    private static final List<String> MONTH_NAMES =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private CronWords() {}

    static String describe(String expression, ZoneId zone) {
        String[] f = expression.strip().toLowerCase(Locale.ROOT).split("\\s+", -1);
        return phrase(f[0], f[1], f[2], f[3], f[4], zone)
                .orElseGet(() -> "cron \"" + expression.strip() + "\" in " + zone.getId());
    }

    private static Optional<String> phrase(String min, String hour, String dom, String month, String dow, ZoneId zone) {
        boolean everyDay = dom.equals("*") && month.equals("*") && dow.equals("*");
        if (everyDay && hour.equals("*")) {
            if (min.equals("*")) {
                return Optional.of("every minute");
            }
            Matcher step = STEP.matcher(min);
            if (step.matches()) {
                int n = Integer.parseInt(step.group(1));
                // */7 fires at :56 and then :00, four minutes later: not "every 7 minutes".
                if (n >= 1 && 60 % n == 0) {
                    return Optional.of(n == 1 ? "every minute" : "every " + n + " minutes");
                }
                return Optional.empty();
            }
            if (NUMBER.matcher(min).matches()) {
                return Optional.of("every hour at :" + two(min));
            }
            return Optional.empty();
        }
        Optional<String> times = times(min, hour);
        if (times.isEmpty()) {
            return Optional.empty();
        }
        String at = " at " + times.get() + " " + zone.getId();
        if (everyDay) {
            return Optional.of("every day" + at);
        }
        if (dom.equals("*") && month.equals("*")) {
            return days(dow).map(d -> "every " + d + at);
        }
        if (dow.equals("*") && NUMBER.matcher(dom).matches()) {
            int day = Integer.parseInt(dom);
            if (month.equals("*")) {
                return Optional.of("every month on the " + ordinal(day) + at);
            }
            return name(month, MONTH_NAMES, 1, 12)
                    .map(m -> "every year on " + day + " " + Month.of(m).getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                            + at);
        }
        return Optional.empty();
    }

    /** "01:30", or "06:00, 12:00 and 18:00" for a list of hours at one minute. */
    private static Optional<String> times(String min, String hour) {
        if (!NUMBER.matcher(min).matches()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (String h : hour.split(",", -1)) {
            if (!NUMBER.matcher(h).matches()) {
                return Optional.empty();
            }
            out.add(two(h) + ":" + two(min));
        }
        return Optional.of(and(out));
    }

    /** "Monday", "Monday, Wednesday and Friday", "Monday to Friday". */
    private static Optional<String> days(String dow) {
        Matcher range = RANGE.matcher(dow);
        if (range.matches()) {
            Optional<Integer> from = name(range.group(1), DAY_NAMES, 0, 7);
            Optional<Integer> to = name(range.group(2), DAY_NAMES, 0, 7);
            if (from.isEmpty() || to.isEmpty() || from.get() >= to.get() || to.get() - from.get() >= 7) {
                return Optional.empty();
            }
            return Optional.of(day(from.get()) + " to " + day(to.get()));
        }
        List<String> out = new ArrayList<>();
        for (String d : dow.split(",", -1)) {
            Optional<Integer> n = name(d, DAY_NAMES, 0, 7);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            out.add(day(n.get()));
        }
        return Optional.of(and(out));
    }

    /** A number in {@code [min, max]} or a three-letter name, counted from {@code min}. */
    private static Optional<Integer> name(String value, List<String> names, int min, int max) {
        if (NUMBER.matcher(value).matches()) {
            int n = Integer.parseInt(value);
            return n >= min && n <= max ? Optional.of(n) : Optional.empty();
        }
        int i = names.indexOf(value);
        return i < 0 ? Optional.empty() : Optional.of(i + min);
    }

    /** Cron counts Sunday as 0 and as 7. */
    private static String day(int cronDay) {
        return DayOfWeek.of(cronDay == 0 ? 7 : cronDay).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String and(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String two(String number) {
        return number.length() == 1 ? "0" + number : number;
    }

    private static String ordinal(int n) {
        String suffix = (n % 100 >= 11 && n % 100 <= 13)
                ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}

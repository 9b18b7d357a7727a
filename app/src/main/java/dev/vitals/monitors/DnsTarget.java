package dev.vitals.monitors;

import dev.vitals.config.MapReader;
import dev.vitals.config.Scalars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A DNS query for {@code name} and {@code record} type, asked of {@code server} (or the system's
 * resolver). An answer with another response code than {@code expect.rcode} (NOERROR by default),
 * such as NXDOMAIN, is down.
 */
public record DnsTarget(String name, String record, Optional<HostPort> server, Expect expect, Expect warn)
        implements Target {

    public static final Set<String> RECORDS = Set.of("A", "AAAA", "CNAME", "MX", "TXT", "NS");
    public static final Set<String> RCODES = Set.of("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED");

    /**
     * {@code answersInclude}: each value must be among the answers (addresses, host names with or
     * without the final dot, MX as {@code "10 mail.example.org"} or just the host, TXT text).
     */
    public record Expect(List<String> answersInclude, Optional<String> rcode, Optional<Integer> minAnswers) {
        public static final Expect NONE = new Expect(List.of(), Optional.empty(), Optional.empty());

        public Expect {
            answersInclude = List.copyOf(answersInclude);
        }

        boolean isEmpty() {
            return answersInclude.isEmpty() && rcode.isEmpty() && minAnswers.isEmpty();
        }

        static Expect read(MapReader m) {
            return new Expect(
                    m.value("answers_include", Scalars.listOf(Scalars.nonBlank()), List.of()),
                    m.optional("rcode", Scalars.oneOf(RCODES)),
                    m.optional("min_answers", Scalars.integer(0, 1000)).map(Long::intValue));
        }

        Map<String, Object> render() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (!answersInclude.isEmpty()) {
                out.put("answers_include", answersInclude);
            }
            rcode.ifPresent(v -> out.put("rcode", v));
            minAnswers.ifPresent(v -> out.put("min_answers", v));
            return out;
        }
    }

    /** The response code the answer must have: {@code expect.rcode}, else NOERROR. */
    public String expectedRcode() {
        return expect.rcode().orElse("NOERROR");
    }

    @Override
    public String kind() {
        return "dns";
    }

    @Override
    public String describe() {
        return record + " " + name + server.map(s -> " @" + s).orElse("");
    }

    static Optional<Target> read(MapReader m) {
        Optional<String> name = m.required("name", Scalars.nonBlank());
        String record = m.value("record", Scalars.oneOf(RECORDS), "A");
        Optional<HostPort> server = m.optional("server", HostPort.parser(53));
        Expect expect = Sections.read(m, "expect", Expect::read, Expect.NONE);
        Expect warn = Sections.read(m, "warn", Expect::read, Expect.NONE);
        return name.map(n -> new DnsTarget(n, record, server, expect, warn));
    }

    @Override
    public void render(Map<String, Object> out) {
        out.put("name", name);
        out.put("record", record);
        server.ifPresent(s -> out.put("server", s.toString()));
        if (!expect.isEmpty()) {
            out.put("expect", expect.render());
        }
        if (!warn.isEmpty()) {
            out.put("warn", warn.render());
        }
    }
}

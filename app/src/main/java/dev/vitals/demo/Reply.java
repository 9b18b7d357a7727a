package dev.vitals.demo;

import java.util.Optional;

/**
 * What the simulated HTTP services answer: a few pages and JSON documents that look like the real
 * thing, enough for the monitors' assertions to have something to find (or to miss).
 */
record Reply(int status, String contentType, String body) {
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json";

    /** The answer of {@code endpoint} at {@code path} (without the query); empty for an unknown path. */
    static Optional<Reply> of(Endpoint endpoint, String path, boolean badNews) {
        return Optional.ofNullable(
                switch (endpoint) {
                    case WIKI ->
                        switch (path) {
                            case "/" -> page("Office wiki", "How-tos: the VPN, the printers, payroll dates, holidays.");
                            case "/search" ->
                                page("Search results", "3 results for \"vpn\": How to connect to the VPN.");
                            default -> null;
                        };
                    case INTRANET ->
                        switch (path) {
                            case "/" -> page("Intranet", "News: the kitchen on the 2nd floor is open again.");
                            case "/directory" -> page("Staff directory", "42 people, 7 teams.");
                            default -> null;
                        };
                    case PAYROLL ->
                        switch (path) {
                            case "/" -> page("Payroll", "Sign in to see your payslips.");
                            case "/api/health" ->
                                badNews
                                        ? json("{\"status\":\"error\",\"detail\":\"tax tables could not be loaded\"}")
                                        : json("{\"status\":\"ok\",\"next_run\":\"the 25th\"}");
                            default -> null;
                        };
                    // The nightly backup's status page. No monitor of the demo reads it any more: the
                    // backup job pings Vitals itself (BackupJob, a push monitor).
                    case BACKUP ->
                        switch (path) {
                            case "/status" ->
                                badNews
                                        ? json(
                                                "{\"last_night\":\"failed\",\"error\":\"the tape library did not answer\"}")
                                        : json("{\"last_night\":\"succeeded\",\"size_gb\":182}");
                            default -> null;
                        };
                    case SMTP, IMAP, VPN, FILES_PROJECTS, FILES_HOME -> null;
                });
    }

    static Reply notFound() {
        return new Reply(404, "text/plain; charset=utf-8", "not found\n");
    }

    static Reply error(int status) {
        return new Reply(status, "text/plain; charset=utf-8", "server error " + status + "\n");
    }

    private static Reply page(String title, String text) {
        return new Reply(
                200,
                HTML,
                "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>" + text
                        + "</p></body></html>\n");
    }

    private static Reply json(String body) {
        return new Reply(200, JSON, body + "\n");
    }
}

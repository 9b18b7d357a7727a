package dev.vitals.web;

import java.util.List;

/** The latest entries of the audit log, newest first, and where to export it. */
public record AuditPage(Frame frame, List<Entry> entries, int limit, String exportHref) {
    public AuditPage {
        entries = List.copyOf(entries);
    }

    public record Entry(String at, String actor, String action, String target, String address, String detail) {}
}

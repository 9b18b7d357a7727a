package dev.vitals.web;

/** A message at the top of a page. Its kind is said in words ("Done:", "Problem:"), never by colour alone. */
public record Message(Kind kind, String text) {
    /** What the message is about. */
    public enum Kind {
        DONE("Done"),
        NOTE("Note"),
        PROBLEM("Problem");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The CSS class, beside the label word. */
        public String css() {
            return "msg msg-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Message done(String text) {
        return new Message(Kind.DONE, text);
    }

    public static Message note(String text) {
        return new Message(Kind.NOTE, text);
    }

    public static Message problem(String text) {
        return new Message(Kind.PROBLEM, text);
    }

    /** Problems interrupt a screen reader; the others wait their turn. */
    public String role() {
        return kind == Kind.PROBLEM ? "alert" : "status";
    }
}

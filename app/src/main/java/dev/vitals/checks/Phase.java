package dev.vitals.checks;

/** Where the time of a check went, in the order the phases happen. */
public enum Phase {
    DNS("dns"),
    CONNECT("connect"),
    TLS("tls"),
    FIRST_BYTE("first_byte"),
    TRANSFER("transfer");

    private final String key;

    Phase(String key) {
        this.key = key;
    }

    /** The name used in the API, metrics and storage. */
    public String key() {
        return key;
    }
}

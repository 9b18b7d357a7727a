package dev.vitals.demo;

/** One running server of the office: its port, and the condition it is told to be in. */
sealed interface Simulated extends AutoCloseable permits HttpService, TcpService {
    Endpoint endpoint();

    int port();

    /** Idempotent: the script sets the condition of every service at every tick. */
    void set(Condition c);

    Condition condition();

    @Override
    void close();
}

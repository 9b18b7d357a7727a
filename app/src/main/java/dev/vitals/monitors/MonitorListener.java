package dev.vitals.monitors;

/** Told when the set of monitors in force changes; the scheduler and evaluation listen. */
public interface MonitorListener {
    void added(Monitor m);

    void changed(Monitor before, Monitor after);

    void removed(Monitor m);
}

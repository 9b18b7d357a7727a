package dev.vitals.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While {@code vitals run} runs a command, SIGTERM and SIGINT go to the command instead of ending
 * the JVM: the JVM's own handling would exit at once and the run's end would never be reported.
 * Closing puts the previous handlers back.
 */
@SuppressWarnings("restriction")
final class StopSignals implements AutoCloseable {
    private record Installed(Signal signal, SignalHandler previous) {}

    private final List<Installed> installed;

    private StopSignals(List<Installed> installed) {
        this.installed = installed;
    }

    static StopSignals forwardTo(CommandRun run) {
        List<Installed> installed = new ArrayList<>();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous =
                        Signal.handle(signal, s -> run.stop(new CommandRun.Stop(s.getName(), s.getNumber())));
                installed.add(new Installed(signal, previous));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not available here (the JVM runs with -Xrs, or the signal is ignored): left as it was.
            }
        }
        return new StopSignals(installed);
    }

    @Override
    public void close() {
        installed.forEach(i -> Signal.handle(i.signal(), i.previous()));
    }
}

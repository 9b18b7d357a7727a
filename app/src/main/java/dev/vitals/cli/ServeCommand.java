package dev.vitals.cli;

import dev.vitals.App;
import dev.vitals.api.Tls;
import dev.vitals.api.TlsException;
import dev.vitals.checks.Checkers;
import dev.vitals.checks.StandardCheckers;
import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.store.StoreException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vitals serve}: runs Vitals until stopped (SIGINT or SIGTERM), then shuts down in order. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        description = "Run Vitals: check the monitors of a configuration file and serve the API.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:VITALS_CONFIG}",
            description = "Configuration file (env VITALS_CONFIG).")
    Path config;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            defaultValue = "${env:VITALS_LISTEN:-127.0.0.1:8080}",
            description = "Address of the API (env VITALS_LISTEN; default 127.0.0.1:8080).")
    String listen;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            defaultValue = "${env:VITALS_TLS_CERT}",
            description =
                    "PEM certificate chain, the server's certificate first; with --tls-key, serve HTTPS only (env VITALS_TLS_CERT).")
    String tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            defaultValue = "${env:VITALS_TLS_KEY}",
            description = "PEM private key (unencrypted PKCS#8) of --tls-cert (env VITALS_TLS_KEY).")
    String tlsKey;

    @Override
    public Integer call() throws InterruptedException {
        var err = spec.commandLine().getErr();
        if (config == null) {
            err.println("vitals serve: give the configuration file with --config FILE or VITALS_CONFIG");
            return ExitCodes.INVALID;
        }
        Optional<Listen> address = Listen.parse(listen);
        if (address.isEmpty()) {
            err.println("vitals serve: --listen must be HOST:PORT, such as 127.0.0.1:8080 or 0.0.0.0:80, not \""
                    + listen + "\"");
            return ExitCodes.INVALID;
        }
        // From the environment only: a flag would show in every process listing.
        Optional<String> bootstrap = Optional.ofNullable(System.getenv("VITALS_BOOTSTRAP_TOKEN"))
                .map(String::strip)
                .filter(t -> !t.isEmpty());
        if (bootstrap.isPresent() && bootstrap.get().length() < 24) {
            err.println("vitals serve: VITALS_BOOTSTRAP_TOKEN must have at least 24 characters; it is an admin"
                    + " password for automation (make one with: openssl rand -base64 32)");
            return ExitCodes.INVALID;
        }
        Optional<Path> cert = givenPath(tlsCert);
        Optional<Path> key = givenPath(tlsKey);
        if (cert.isPresent() != key.isPresent()) {
            err.println("vitals serve: give both --tls-cert FILE and --tls-key FILE (or VITALS_TLS_CERT and"
                    + " VITALS_TLS_KEY) to serve HTTPS, or neither; only "
                    + (cert.isPresent() ? "the certificate" : "the key") + " was given");
            return ExitCodes.INVALID;
        }
        Optional<Tls> tls;
        try {
            // Read before anything starts, so that a bad file stops Vitals at once with its name.
            tls = cert.map(c -> Tls.fromPem(c, key.orElseThrow()));
        } catch (TlsException e) {
            err.println("vitals serve: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        InstantSource clock = InstantSource.system();
        App app;
        Checkers checkers = StandardCheckers.create(clock);
        try {
            app = App.start(
                    new App.Options(
                                    config,
                                    store.data,
                                    address.get().host(),
                                    address.get().port(),
                                    store.dbUrl(),
                                    tls)
                            .withBootstrapToken(bootstrap),
                    clock,
                    Environment.system(),
                    checkers);
        } catch (ConfigException e) {
            checkers.close();
            for (Problem p : e.problems()) {
                err.println(p);
            }
            err.println("vitals serve: the configuration has " + e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + "; nothing was started");
            return ExitCodes.INVALID;
        } catch (StoreException e) {
            checkers.close();
            err.println("vitals serve: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (RuntimeException e) {
            checkers.close();
            err.println("vitals serve: cannot start: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            checkers.close();
                            stopped.countDown();
                        },
                        "vitals-shutdown"));
        spec.commandLine()
                .getOut()
                .printf(
                        "Vitals is running: %s://%s:%d/api/v1/monitors%n",
                        tls.isPresent() ? "https" : "http", address.get().host(), app.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** A file option; an empty environment variable counts as not given. */
    private static Optional<Path> givenPath(String option) {
        return Optional.ofNullable(option).filter(s -> !s.isBlank()).map(Path::of);
    }

    /** A listen address. */
    record Listen(String host, int port) {
        static Optional<Listen> parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                return port >= 0 && port <= 65535 ? Optional.of(new Listen(host, port)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}

package dev.vitals.cli;

import dev.vitals.accounts.AccountException;
import dev.vitals.accounts.AccountStore;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.LoginThrottle;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.accounts.User;
import dev.vitals.store.Database;
import dev.vitals.store.StoreException;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vitals user}: manage users from the machine Vitals runs on, above all the first admin of a
 * fresh instance (there is no default password). Works on the database directly, with Vitals running
 * or not; every change is written to the audit log as made by {@code cli}.
 */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        description = "Add users, reset passwords and list users, on the database directly.",
        subcommands = {UserCommand.Add.class, UserCommand.ResetPassword.class, UserCommand.ListUsers.class})
final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the store, runs {@code work}, and turns the usual failures into messages and exit codes. */
    static int withAccounts(CommandSpec spec, StoreOptions store, Function<Accounts, Integer> work) {
        PrintWriter err = spec.commandLine().getErr();
        try (Database db = Database.open(store.dbUrl(), store.data)) {
            Accounts accounts = new Accounts(
                    new AccountStore(db),
                    InstantSource.system(),
                    SecuritySettings.Sessions.DEFAULT,
                    Optional.empty(),
                    LoginThrottle.standard(InstantSource.system()));
            return work.apply(accounts);
        } catch (AccountException e) {
            err.println("vitals user: " + e.getMessage());
            return e.kind() == AccountException.Kind.INVALID ? ExitCodes.INVALID : ExitCodes.FAILED;
        } catch (StoreException e) {
            err.println("vitals user: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    static void audit(Accounts accounts, String action, String target, Map<String, Object> detail) {
        String who = Optional.ofNullable(System.getProperty("user.name")).orElse("?");
        new Audit(accounts.store(), InstantSource.system())
                .record("cli:" + who, Optional.of("local"), action, Optional.of(target), detail);
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a user and print a one-time password, to be changed at the first sign-in.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "User name: letters, digits, . _ @ + -")
        String name;

        @Option(names = "--admin", description = "Make the user an admin (same as --role admin).")
        boolean admin;

        @Option(names = "--role", paramLabel = "ROLE", description = "admin, responder or viewer (default viewer).")
        String role;

        @Option(names = "--team", paramLabel = "TEAM", description = "A team of the user; repeat for several.")
        List<String> teams = new ArrayList<>();

        @Override
        public Integer call() {
            Optional<Role> r = admin
                    ? Optional.of(Role.ADMIN)
                    : Optional.ofNullable(role).map(Role::parse).orElse(Optional.of(Role.VIEWER));
            if (r.isEmpty() || (admin && role != null && !role.equalsIgnoreCase("admin"))) {
                spec.commandLine()
                        .getErr()
                        .println("vitals user add: --role must be admin, responder or viewer, not \"" + role + "\"");
                return ExitCodes.INVALID;
            }
            return withAccounts(spec, store, accounts -> {
                Accounts.NewUser u = accounts.addUser(name, r.get(), teams);
                audit(
                        accounts,
                        "user.create",
                        u.user().name(),
                        Map.of("role", u.user().role().word(), "teams", u.user().teams()));
                PrintWriter out = spec.commandLine().getOut();
                out.printf("Added %s (%s).%n", u.user().name(), u.user().role().word());
                out.printf("One-time password: %s%n", u.oneTimePassword());
                out.println("It works once: the first sign-in asks for a new password.");
                return ExitCodes.OK;
            });
        }
    }

    @Command(
            name = "reset-password",
            mixinStandardHelpOptions = true,
            description = "Give a user a new one-time password and sign out all their sessions.")
    static final class ResetPassword implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return withAccounts(spec, store, accounts -> {
                String password = accounts.resetPassword(name);
                audit(accounts, "user.password_reset", Accounts.checkName(name), Map.of());
                spec.commandLine()
                        .getOut()
                        .printf("One-time password for %s: %s%n", Accounts.checkName(name), password);
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users with role and teams.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return withAccounts(spec, store, accounts -> {
                PrintWriter out = spec.commandLine().getOut();
                for (User u : accounts.store().users()) {
                    out.printf(
                            "%-24s %-10s %-20s%s%n",
                            u.name(),
                            u.role().word(),
                            u.teams().isEmpty() ? "-" : String.join(",", u.teams()),
                            u.disabled() ? " disabled" : "");
                }
                return ExitCodes.OK;
            });
        }
    }
}

package dev.vitals.store;

/**
 * What differs between the two databases Vitals runs on. Most SQL is shared (both support {@code
 * INSERT ... ON CONFLICT}, {@code RETURNING} and the same types through JDBC); this seam holds the
 * rest, and it should stay this small.
 */
public sealed interface Dialect permits Dialect.Sqlite, Dialect.Postgres {
    String name();

    /** Folder of the Flyway migrations for this database. */
    String migrations();

    /**
     * The suffix that makes a {@code SELECT} claim rows without waiting for other nodes. SQLite has one
     * writer at a time, so it needs none.
     */
    String skipLocked();

    /**
     * The suffix that makes a {@code SELECT} lock its rows until the transaction ends, exclusively
     * or shared. SQLite has one writer at a time, so it needs none (empty).
     */
    String lockRows(boolean exclusive);

    record Sqlite() implements Dialect {
        @Override
        public String name() {
            return "sqlite";
        }

        @Override
        public String migrations() {
            return "classpath:db/migration/sqlite";
        }

        @Override
        public String skipLocked() {
            return "";
        }

        @Override
        public String lockRows(boolean exclusive) {
            return "";
        }
    }

    record Postgres() implements Dialect {
        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public String migrations() {
            return "classpath:db/migration/postgres";
        }

        @Override
        public String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        public String lockRows(boolean exclusive) {
            return exclusive ? " FOR UPDATE" : " FOR SHARE";
        }
    }
}

/**
 * The database: an embedded SQLite file under the data folder by default, or PostgreSQL for larger
 * installations and several nodes. This package opens the connection pool, applies the versioned
 * migrations (Flyway, one folder of SQL per {@link dev.vitals.store.Dialect}) and runs
 * transactions. The SQL of each table lives with the capability that owns it; this package holds
 * none of it.
 */
package dev.vitals.store;

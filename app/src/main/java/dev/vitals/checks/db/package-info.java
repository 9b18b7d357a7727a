/**
 * Database checks: a SQL query on PostgreSQL or MySQL/MariaDB over a fresh connection, and a Redis
 * command over a hand-written RESP2 client. Both measure connecting as part of the check, because a
 * database that cannot accept a new connection is down for the applications that need one, and both
 * turn driver and protocol errors into short reasons that never carry the password.
 */
package dev.vitals.checks.db;

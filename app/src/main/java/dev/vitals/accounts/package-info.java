/**
 * Who may do what: users, roles and teams, passwords and second factors, sessions, API tokens,
 * single sign-on, and the audit log of every change.
 */
package dev.vitals.accounts;

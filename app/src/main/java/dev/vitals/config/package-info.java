/**
 * Reading configuration strictly: YAML (and JSON request bodies) become a tree of nodes that know
 * their file, line and column, environment variables are interpolated, and readers report every
 * problem at once with the nearest valid key for a misspelt one. The capabilities that own a part
 * of the configuration (monitors, and later alerting) read their own keys with {@link
 * dev.vitals.config.MapReader}; this package knows nothing about what the keys mean.
 */
package dev.vitals.config;

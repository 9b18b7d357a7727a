/**
 * The configuration file as a whole: reads it, hands each top-level section to the capability that
 * owns it, and accepts the file only when every section is free of problems ("all of it or none of
 * it"). The file is watched and re-read on change and on SIGHUP by {@link
 * dev.vitals.configfile.ConfigWatcher}.
 */
package dev.vitals.configfile;

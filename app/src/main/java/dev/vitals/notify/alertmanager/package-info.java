/**
 * The Alertmanager channel: Alertmanager's webhook message, version 4 ({@link
 * dev.vitals.notify.alertmanager.AlertmanagerFormat}), posted to any receiver written for
 * Alertmanager ({@link dev.vitals.notify.alertmanager.AlertmanagerChannel}). See docs/channels.md.
 */
package dev.vitals.notify.alertmanager;

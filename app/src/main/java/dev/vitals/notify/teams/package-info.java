/**
 * The Microsoft Teams channel: an Adaptive Card ({@link dev.vitals.notify.teams.TeamsFormat}) posted
 * to a Teams workflow webhook ({@link dev.vitals.notify.teams.TeamsChannel}). See docs/channels.md.
 */
package dev.vitals.notify.teams;

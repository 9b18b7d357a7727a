/**
 * The email channel: a message rendered as subject, text and HTML ({@link
 * dev.vitals.notify.email.EmailFormat}) and sent over SMTP as multipart/alternative, with STARTTLS
 * and authentication as the receiver's SMTP settings ask ({@link
 * dev.vitals.notify.email.EmailChannel}). See docs/channels.md.
 */
package dev.vitals.notify.email;

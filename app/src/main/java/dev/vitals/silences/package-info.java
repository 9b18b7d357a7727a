/**
 * Silences: label matchers that keep alerts quiet for a while, made by a person through the API with
 * a comment and an end. {@link dev.vitals.silences.Silences} is the pipeline's muting stage; it keeps
 * the silences that are or will be active in memory, so asking about an alert costs no query.
 */
package dev.vitals.silences;

/**
 * Results: the durable record of every check. {@link dev.vitals.results.ResultWriter} batches
 * results, flips and state changes into transactions and holds them in a bounded buffer while the
 * database is away; {@link dev.vitals.results.Rollups} summarises raw results into minute, hour and
 * day buckets with {@link dev.vitals.results.LatencySketch}es; {@link
 * dev.vitals.results.Availability} answers "how good was it over this window" from the coarsest
 * buckets that fit, planned by {@link dev.vitals.results.WindowPlan}; {@link
 * dev.vitals.results.Retention} deletes what has outlived its keep.
 */
package dev.vitals.results;

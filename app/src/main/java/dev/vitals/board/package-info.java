/**
 * The board: what the console's overview shows of every monitor (availability over the last 24 hours
 * and 30 days, the last latency and a sparkline), kept in memory so that a page of ten thousand
 * monitors reads no database rows; the overview's filters, order, groups and pages; and the stream of
 * changes that keeps open pages live.
 *
 * <p>The board is seeded from the store at start-up (rollups and raw results, all monitors in a few
 * queries) and then follows evaluation, like {@code LatestResults}.
 */
package dev.vitals.board;

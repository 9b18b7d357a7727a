/**
 * Evaluation: turns results into states. {@link dev.vitals.evaluation.Confirmation} is the rule (a
 * state changes only after {@code fail_after} bad or {@code recover_after} good results in a row);
 * {@link dev.vitals.evaluation.Evaluator} keeps each monitor's current status and emits a {@link
 * dev.vitals.evaluation.Flip} for every change, which the results store makes durable together with
 * the results that caused it.
 */
package dev.vitals.evaluation;

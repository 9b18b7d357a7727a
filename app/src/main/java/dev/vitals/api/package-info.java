/**
 * The REST API under {@code /api/v1} and the plain endpoints ({@code /health}, {@code /metrics}):
 * JSON with snake_case fields, errors as RFC 9457 problem details naming the bad field, and an
 * OpenAPI document at {@code /api/v1/openapi.json}. Every route is one row of the table in {@link
 * dev.vitals.api.ApiServer}; a test checks that the table and the OpenAPI document agree.
 */
package dev.vitals.api;

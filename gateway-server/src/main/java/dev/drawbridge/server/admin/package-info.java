/**
 * The admin listener: liveness, readiness and Prometheus metrics over HTTP, and the admin API
 * ({@code /api/v1}, package {@code api}).
 */
package dev.drawbridge.server.admin;

/**
 * The admin API under {@code /api/v1}: approvals and grants as JSON over HTTP, for callers with a
 * JWT that carries admin roles (docs/admin-api.md).
 */
package dev.drawbridge.server.admin.api;

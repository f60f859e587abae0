/** The admin listener: liveness, readiness and Prometheus metrics over HTTP. */
package dev.drawbridge.server.admin;

/**
 * The protocol-neutral domain: who (Identity), in which session (SessionInfo), did what (Operation,
 * Action, Resource), what was decided (Decision) and what is recorded (AuditEvent). No Netty types
 * live here.
 */
package dev.drawbridge.core.model;

/**
 * The interfaces other modules implement: protocol modules call them, policy-engine and audit-store
 * implement them, gateway-server wires them together.
 */
package dev.drawbridge.core.ports;

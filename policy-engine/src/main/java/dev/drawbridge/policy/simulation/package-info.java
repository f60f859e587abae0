/**
 * Policy simulation: recorded operations decided again against a candidate set of grants, each at
 * the instant it was recorded, and compared with what was decided then. Pure: no I/O, no printing;
 * callers read the trail and present the report.
 */
package dev.drawbridge.policy.simulation;

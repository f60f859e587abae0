/**
 * Just-in-time approvals: statements a review rule holds wait here until an approver decides them,
 * and approvals for a while become temporary grants (docs/approvals.md).
 */
package dev.drawbridge.policy.approval;

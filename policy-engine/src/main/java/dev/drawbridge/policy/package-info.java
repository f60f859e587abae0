/**
 * Decides operations against the grants of the configuration file: who may connect, and which
 * actions on which tables, functions and columns each grant allows, holds for review or denies.
 */
package dev.drawbridge.policy;

/**
 * Drawbridge's configuration file as immutable records, the loader that reads it from YAML or JSON
 * and resolves secret references, and the validation that runs before any port opens.
 */
package dev.drawbridge.config;

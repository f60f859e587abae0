/**
 * How the loader works inside: parsing, secret-reference resolution, the structural walk over the
 * record schema, binding, and the semantic rules. Not an API; only {@code ConfigLoader} calls it.
 */
package dev.drawbridge.config.internal;

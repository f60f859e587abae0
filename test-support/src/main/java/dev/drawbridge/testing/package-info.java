/**
 * What the modules' tests share: a real PostgreSQL ({@link dev.drawbridge.testing.TestPostgres})
 * and throwaway certificates ({@link dev.drawbridge.testing.TestPki}).
 */
package dev.drawbridge.testing;

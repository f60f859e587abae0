/**
 * Framing of the byte stream into messages, with hard size limits. Regular messages stay as the
 * exact bytes received (type byte and length included), so a message the gateway does not change is
 * forwarded as the same bytes.
 */
package dev.drawbridge.postgres.codec;

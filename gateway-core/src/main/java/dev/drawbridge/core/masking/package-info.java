/**
 * The one masking engine every protocol shares: a connection's rules compiled into a {@link
 * dev.drawbridge.core.masking.MaskingPolicy}, which says for each result column whether its values
 * are passed through, masked whole by a {@link dev.drawbridge.core.masking.Strategy}, or scanned by
 * content {@link dev.drawbridge.core.masking.Detector}s. Protocols apply it to what they send back.
 */
package dev.drawbridge.core.masking;

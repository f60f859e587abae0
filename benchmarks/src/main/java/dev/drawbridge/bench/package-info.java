/**
 * JMH benchmarks of the gateway's hot paths (issue 7): frame decoding, statement classification,
 * grant decisions, masking per cell and journal appends. Run by {@code bench/jmh.sh}; never part of
 * the test command.
 */
package dev.drawbridge.bench;

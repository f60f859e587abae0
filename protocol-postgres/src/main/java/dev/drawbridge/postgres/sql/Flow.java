package dev.drawbridge.postgres.sql;

/**
 * Where the values of the part of a parse tree being walked end up, as far as their source column
 * goes. PostgreSQL reports an output column's source (table, column) only for a plain column
 * reference; any other value loses that lineage, and a column used in it is a derived use.
 */
enum Flow {
  /** They only decide which rows come back, or in what order: never a derived use. */
  HIDDEN,
  /** The targets of a query level that reaches a result: plain columns keep their source. */
  OUTPUT,
  /** The targets of a query level whose every value loses its source (set operations, storage). */
  OUTPUT_LOST,
  /** Values that lose their source, down through any subquery in them: every use is derived. */
  LOST;

  /** A clause that filters, groups or orders the rows: hidden, unless everything here is lost. */
  Flow filtering() {
    return this == LOST ? LOST : HIDDEN;
  }

  /** An expression computed from these values: lost, unless they are hidden. */
  Flow computed() {
    return this == HIDDEN ? HIDDEN : LOST;
  }

  /** A subquery in {@code FROM} or a common table expression: an output level of its own. */
  Flow subquery() {
    return this == HIDDEN || this == LOST ? this : OUTPUT;
  }

  /** The source of rows stored in a table ({@code INSERT … SELECT}, {@code CREATE TABLE AS}). */
  Flow stored() {
    return this == LOST ? LOST : OUTPUT_LOST;
  }

  /** A branch of a set operation, or a recursive common table expression. */
  Flow branch() {
    return this == HIDDEN || this == LOST ? this : OUTPUT_LOST;
  }
}

package dev.drawbridge.policy;

/**
 * Table globs as grants write them ({@code public.orders}, {@code sales.*}), for other packages.
 */
public final class TableGlobs {

  private TableGlobs() {}

  /**
   * Whether {@code glob} covers table {@code schema.name} for sure (what allowing it takes).
   *
   * @throws IllegalArgumentException when the glob is empty or has an empty part
   */
  public static boolean covers(String glob, String schema, String name) {
    return TableGlob.parse(glob).covers(schema, name);
  }
}

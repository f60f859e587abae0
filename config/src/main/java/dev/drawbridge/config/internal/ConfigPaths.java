package dev.drawbridge.config.internal;

/** Builds problem paths in the file's own terms: {@code connections[1].upstream.port}. */
public final class ConfigPaths {

  private ConfigPaths() {}

  /** The path of {@code key} inside {@code parent}; the key alone at the root. */
  public static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** The path of element {@code index} of the list at {@code parent}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** Whether {@code path} is {@code ancestor} itself or lies inside it. */
  public static boolean within(String path, String ancestor) {
    return path.equals(ancestor)
        || path.startsWith(ancestor + ".")
        || path.startsWith(ancestor + "[");
  }
}

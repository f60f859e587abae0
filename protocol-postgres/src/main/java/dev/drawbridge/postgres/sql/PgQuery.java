package dev.drawbridge.postgres.sql;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * PostgreSQL's own parser, libpg_query, called through the Foreign Function &amp; Memory API: the
 * server's grammar, so what the gateway reads is what PostgreSQL will run. Every native result is
 * freed before a call returns. libpg_query keeps its parser state per thread, so one instance is
 * safe to use from every event loop at once.
 */
@SuppressWarnings("restricted") // calling native code is this class's purpose; the jar enables it
public final class PgQuery {

  /** The variable that names the library file when it is not on the system's library path. */
  public static final String LIBRARY_VARIABLE = "DRAWBRIDGE_LIBPG_QUERY";

  /** The file names tried on the system's library path, newest ABI first. */
  private static final List<String> LIBRARY_NAMES =
      List.of("libpg_query.so.1504.0", "libpg_query.so", "libpg_query.dylib");

  private static final ValueLayout.OfLong SIZE = ValueLayout.JAVA_LONG;

  /** PgQueryParseResult: parse_tree, stderr_buffer, error. */
  private static final StructLayout PARSE_RESULT =
      MemoryLayout.structLayout(
          ValueLayout.ADDRESS.withName("parse_tree"),
          ValueLayout.ADDRESS.withName("stderr_buffer"),
          ValueLayout.ADDRESS.withName("error"));

  /** PgQueryFingerprintResult: fingerprint, fingerprint_str, stderr_buffer, error. */
  private static final StructLayout FINGERPRINT_RESULT =
      MemoryLayout.structLayout(
          SIZE.withName("fingerprint"),
          ValueLayout.ADDRESS.withName("fingerprint_str"),
          ValueLayout.ADDRESS.withName("stderr_buffer"),
          ValueLayout.ADDRESS.withName("error"));

  /** PgQueryScanResult: pbuf (len, data), stderr_buffer, error. */
  private static final StructLayout SCAN_RESULT =
      MemoryLayout.structLayout(
          SIZE.withName("len"),
          ValueLayout.ADDRESS.withName("data"),
          ValueLayout.ADDRESS.withName("stderr_buffer"),
          ValueLayout.ADDRESS.withName("error"));

  /** PgQueryError: message, funcname, filename, lineno, cursorpos, context. */
  private static final StructLayout ERROR =
      MemoryLayout.structLayout(
          ValueLayout.ADDRESS.withName("message"),
          ValueLayout.ADDRESS.withName("funcname"),
          ValueLayout.ADDRESS.withName("filename"),
          ValueLayout.JAVA_INT.withName("lineno"),
          ValueLayout.JAVA_INT.withName("cursorpos"),
          ValueLayout.ADDRESS.withName("context"));

  private static final long ERROR_CURSOR_OFFSET =
      ERROR.byteOffset(MemoryLayout.PathElement.groupElement("cursorpos"));

  /** What parsing produced: the parse tree as JSON, or PostgreSQL's own syntax error. */
  public sealed interface Parsed {

    /**
     * The statements' parse tree, in libpg_query's JSON form ({@code {"version":…,"stmts":[…]}}).
     */
    record Tree(String json) implements Parsed {}

    /**
     * PostgreSQL could not parse the text.
     *
     * @param message the server's own message ({@code syntax error at or near "…"})
     * @param cursor 1-based character position of the error, 0 when unknown
     */
    record Error(String message, int cursor) implements Parsed {}
  }

  private final MethodHandle parse;
  private final MethodHandle freeParse;
  private final MethodHandle fingerprint;
  private final MethodHandle freeFingerprint;
  private final MethodHandle scan;
  private final MethodHandle freeScan;
  private final String location;

  private PgQuery(SymbolLookup library, String location) {
    Linker linker = Linker.nativeLinker();
    this.parse =
        downcall(
            linker,
            library,
            "pg_query_parse",
            FunctionDescriptor.of(PARSE_RESULT, ValueLayout.ADDRESS));
    this.freeParse =
        downcall(
            linker, library, "pg_query_free_parse_result", FunctionDescriptor.ofVoid(PARSE_RESULT));
    this.fingerprint =
        downcall(
            linker,
            library,
            "pg_query_fingerprint",
            FunctionDescriptor.of(FINGERPRINT_RESULT, ValueLayout.ADDRESS));
    this.freeFingerprint =
        downcall(
            linker,
            library,
            "pg_query_free_fingerprint_result",
            FunctionDescriptor.ofVoid(FINGERPRINT_RESULT));
    this.scan =
        downcall(
            linker,
            library,
            "pg_query_scan",
            FunctionDescriptor.of(SCAN_RESULT, ValueLayout.ADDRESS));
    this.freeScan =
        downcall(
            linker, library, "pg_query_free_scan_result", FunctionDescriptor.ofVoid(SCAN_RESULT));
    this.location = location;
  }

  /**
   * Loads libpg_query from {@code DRAWBRIDGE_LIBPG_QUERY} when set, else from the system's library
   * path.
   *
   * @return the parser, or a message saying what was tried and how to install it
   */
  public static Loaded load() {
    return load(Optional.ofNullable(System.getenv(LIBRARY_VARIABLE)).filter(v -> !v.isBlank()));
  }

  /** The outcome of {@link #load}. */
  public sealed interface Loaded {
    record Available(PgQuery parser) implements Loaded {}

    record Missing(String message) implements Loaded {}
  }

  static Loaded load(Optional<String> explicit) {
    List<String> tried = new ArrayList<>();
    List<String> candidates = explicit.map(List::of).orElse(LIBRARY_NAMES);
    for (String candidate : candidates) {
      if (explicit.isPresent() && !Files.isReadable(Path.of(candidate))) {
        tried.add(candidate + " (no such file)");
        continue;
      }
      try {
        SymbolLookup library = SymbolLookup.libraryLookup(candidate, Arena.global());
        return new Loaded.Available(new PgQuery(library, candidate));
      } catch (IllegalArgumentException | IllegalCallerException e) {
        tried.add(candidate);
      }
    }
    return new Loaded.Missing(
        "PostgreSQL's SQL parser (libpg_query) is not available; tried "
            + String.join(", ", tried)
            + ". Install it (Debian/Ubuntu: apt-get install libpg-query1504.0) or set "
            + LIBRARY_VARIABLE
            + " to the library file");
  }

  /**
   * The longest text the parser is given. The parser recurses in native code once per nesting
   * level, two bytes a level at worst ({@code 1+1+…}); the gateway's event loop threads have a
   * stack 512 times this (see gateway-core's event loops; 128 times was measured to hold). The
   * parse tree's JSON is some 45 times the text at worst ({@code select 1,1,…}), which bounds the
   * memory one statement can take.
   */
  public static final int MAX_PARSED_BYTES = 1024 * 1024;

  /**
   * Parses {@code sql} with PostgreSQL's grammar. Call it on a thread whose stack is at least 128
   * times the text's length (the gateway's event loops): the native parser cannot be stopped when
   * the stack runs out. A text longer than {@link #MAX_PARSED_BYTES} is not parsed.
   */
  public Parsed parse(String sql) {
    if (sql.length() > MAX_PARSED_BYTES / 4 && utf8Length(sql) > MAX_PARSED_BYTES) {
      return new Parsed.Error(
          "the statement is longer than the gateway reads ("
              + MAX_PARSED_BYTES / (1024 * 1024)
              + " MiB); split it, or load data with COPY",
          0);
    }
    return call(
        parse,
        freeParse,
        sql,
        result -> {
          MemorySegment error = result.get(ValueLayout.ADDRESS, offset(PARSE_RESULT, "error"));
          return error.equals(MemorySegment.NULL)
              ? new Parsed.Tree(string(result.get(ValueLayout.ADDRESS, 0)))
              : errorOf(error);
        });
  }

  /**
   * The statement's fingerprint: equal for statements that differ only in literal values, so it
   * keys the classification cache and names a query shape in audit records.
   *
   * @return the fingerprint, or empty when the text does not parse
   */
  public Optional<String> fingerprint(String sql) {
    return call(
        fingerprint,
        freeFingerprint,
        sql,
        result ->
            result
                    .get(ValueLayout.ADDRESS, offset(FINGERPRINT_RESULT, "error"))
                    .equals(MemorySegment.NULL)
                ? Optional.of(
                    string(
                        result.get(
                            ValueLayout.ADDRESS, offset(FINGERPRINT_RESULT, "fingerprint_str"))))
                : Optional.<String>empty());
  }

  /**
   * Runs PostgreSQL's own scanner over {@code sql} and hands each token (its kind and its byte
   * range in the UTF-8 text) to {@code tokens}.
   *
   * @return false when the text does not scan
   */
  public boolean scan(String sql, ScanTokens tokens) {
    return call(
        scan,
        freeScan,
        sql,
        result -> {
          if (!result
              .get(ValueLayout.ADDRESS, offset(SCAN_RESULT, "error"))
              .equals(MemorySegment.NULL)) {
            return false;
          }
          long length = result.get(SIZE, 0);
          ScanProtobuf.read(result.get(ValueLayout.ADDRESS, 8).reinterpret(length), tokens);
          return true;
        });
  }

  /**
   * Calls a libpg_query function that takes the text and returns a result struct, reads the result,
   * and always frees it.
   */
  private static <T> T call(
      MethodHandle function, MethodHandle free, String sql, Function<MemorySegment, T> read) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment result =
          (MemorySegment) function.invokeExact((SegmentAllocator) arena, arena.allocateFrom(sql));
      try {
        return read.apply(result);
      } finally {
        free.invokeExact(result);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("libpg_query call failed", e);
    }
  }

  private static long offset(StructLayout layout, String field) {
    return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
  }

  /** Receives the tokens of {@link #scan}. */
  @FunctionalInterface
  public interface ScanTokens {
    /**
     * @param kind the token, as libpg_query's {@code Token} enum numbers it
     * @param start byte offset of its first byte in the UTF-8 text
     * @param end byte offset just past it
     */
    void token(int kind, int start, int end);
  }

  private static long utf8Length(String sql) {
    return StandardCharsets.UTF_8.encode(sql).remaining();
  }

  /** Where the library was loaded from. */
  public String location() {
    return location;
  }

  private static Parsed.Error errorOf(MemorySegment pointer) {
    MemorySegment error = pointer.reinterpret(ERROR.byteSize());
    return new Parsed.Error(
        string(error.get(ValueLayout.ADDRESS, 0)),
        error.get(ValueLayout.JAVA_INT, ERROR_CURSOR_OFFSET));
  }

  private static String string(MemorySegment pointer) {
    return pointer.equals(MemorySegment.NULL)
        ? ""
        : pointer.reinterpret(Long.MAX_VALUE).getString(0);
  }

  private static MethodHandle downcall(
      Linker linker, SymbolLookup library, String name, FunctionDescriptor descriptor) {
    MemorySegment symbol =
        library
            .find(name)
            .orElseThrow(() -> new IllegalArgumentException("libpg_query has no symbol " + name));
    return linker.downcallHandle(symbol, descriptor);
  }
}

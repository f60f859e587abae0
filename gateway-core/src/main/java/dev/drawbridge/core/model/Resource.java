package dev.drawbridge.core.model;

import java.util.List;
import java.util.Objects;

/** What an operation touches, typed. */
public sealed interface Resource {

  /** A table or view; {@code columns} lists those referenced, empty when none are known. */
  record Table(String schema, String name, List<String> columns) implements Resource {
    public Table {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(name, "name");
      columns = columns == null ? List.of() : List.copyOf(columns);
    }

    public String qualifiedName() {
      return schema + "." + name;
    }
  }

  /** A function or procedure; {@code schema} is empty when the name was not qualified. */
  record Function(String schema, String name) implements Resource {
    public Function {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(name, "name");
    }

    public String qualifiedName() {
      return schema.isEmpty() ? name : schema + "." + name;
    }
  }

  /** An HTTP method and path. */
  record Path(String method, String path) implements Resource {
    public Path {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
    }
  }

  /** A command line, split into arguments. */
  record Command(List<String> argv) implements Resource {
    public Command {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("a command needs at least one argument");
      }
    }
  }

  /** A file on a remote host (sftp, scp). */
  record File(String path) implements Resource {
    public File {
      Objects.requireNonNull(path, "path");
    }
  }
}

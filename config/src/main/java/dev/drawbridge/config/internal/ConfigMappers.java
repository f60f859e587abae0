package dev.drawbridge.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Jackson mappers the loader uses: one reads YAML, one reads JSON (both refuse duplicate keys),
 * and the JSON one also binds the checked tree to the records, with durations as people write them
 * ({@code 30s}) and paths as plain file names.
 */
public final class ConfigMappers {

  private ConfigMappers() {}

  public static ObjectMapper yaml() {
    return configure(
        YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());
  }

  public static ObjectMapper json() {
    return configure(
        JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("drawbridge-config");
    module.addDeserializer(Duration.class, new DurationDeserializer());
    module.addDeserializer(Path.class, new PathDeserializer());
    return mapper
        .registerModule(new JavaTimeModule())
        .registerModule(module)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** {@code 30s}, {@code 5m}, {@code PT30S}: see {@link DurationParser}. */
  static final class DurationDeserializer extends StdScalarDeserializer<Duration> {

    @Serial private static final long serialVersionUID = 1L;

    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      if (text == null) {
        return (Duration) context.handleUnexpectedToken(Duration.class, parser);
      }
      return DurationParser.parse(text)
          .orElseThrow(
              () -> context.weirdStringException(text, Duration.class, DurationParser.EXPECTED));
    }
  }

  /** A plain file name, never a URI. */
  static final class PathDeserializer extends StdScalarDeserializer<Path> {

    @Serial private static final long serialVersionUID = 1L;

    PathDeserializer() {
      super(Path.class);
    }

    @Override
    public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String text = parser.getValueAsString();
      if (text == null) {
        return (Path) context.handleUnexpectedToken(Path.class, parser);
      }
      return Path.of(text);
    }
  }
}

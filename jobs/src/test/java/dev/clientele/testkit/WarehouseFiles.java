package dev.clientele.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Every file under a folder, decoded so that a value can be searched for in it: Parquet files
 * (compressed, so a byte search misses what they hold) record by record through parquet-mr, every
 * other file as UTF-8 text. Hadoop's own checksum files ({@code .name.crc}) hold no values.
 */
public final class WarehouseFiles {
  private WarehouseFiles() {}

  /** A copy of a warehouse in a new temporary folder, so a shared run stays intact. */
  public static Path copy(Path source, String prefix) throws IOException {
    Path target = Files.createTempDirectory(prefix);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  /** "pattern in relative/path" for each pattern found in a decoded file (case-insensitive). */
  public static List<String> find(Path root, List<String> regexes) {
    List<Pattern> patterns =
        regexes.stream().map(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE)).toList();
    List<String> found = new ArrayList<>();
    forEach(
        root,
        f -> true,
        (f, text) -> {
          for (Pattern p : patterns) {
            if (p.matcher(text).find()) {
              found.add(p.pattern() + " in " + root.relativize(f));
            }
          }
        });
    return found;
  }

  /** Hands each file under {@code root} that {@code include} accepts to {@code use}, decoded. */
  public static void forEach(
      Path root,
      java.util.function.Predicate<Path> include,
      java.util.function.BiConsumer<Path, String> use) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String name = f.getFileName().toString();
        if ((name.startsWith(".") && name.endsWith(".crc")) || !include.test(f)) {
          continue;
        }
        use.accept(f, name.endsWith(".parquet") ? parquetText(f) : text(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value as a whole token: not inside a longer run of letters and digits. */
  public static String token(String value) {
    return "(?<![\\p{L}\\p{N}])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}])";
  }

  private static String text(Path f) throws IOException {
    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
  }

  private static String parquetText(Path f) throws IOException {
    StringBuilder out = new StringBuilder();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri()))
            .withConf(new Configuration())
            .build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        out.append(g).append('\n');
      }
    }
    return out.toString();
  }
}

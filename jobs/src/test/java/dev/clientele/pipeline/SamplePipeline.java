package dev.clientele.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * One pipeline run on data-samples/ per build, shared by the tests that check its output:
 * Surefire's unit tests and Failsafe's integration tests (its warehouse is {@code
 * ForkedRuns.reference}). The sample run costs about two minutes on 2 cores; the first JVM that
 * needs it runs it and keeps it under jobs/target/shared-sample-run, stamped with what it was built
 * from (classes, configuration, samples, HMAC key), and every JVM works on its own copy. A stale
 * stamp (code changed since) runs it again.
 */
public final class SamplePipeline {
  public static final String AS_OF = "2024-12-31";
  private static Path warehouse;
  private static String output;

  private SamplePipeline() {}

  /** The warehouse of the shared sample run (this JVM's copy), running it on first use. */
  public static synchronized Path warehouse() {
    if (warehouse == null) {
      try {
        warehouse = obtain();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return warehouse;
  }

  /** Everything the shared sample run logged and printed (the console's format and levels). */
  public static synchronized String output() {
    warehouse();
    return output;
  }

  /** The kept run when its stamp is current, else a new run kept for the next JVM; then a copy. */
  private static Path obtain() throws IOException {
    Path cache = SparkTest.projectDir().resolve("jobs/target/shared-sample-run");
    Files.createDirectories(cache);
    Path kept = cache.resolve("wh");
    Path stampFile = cache.resolve("stamp");
    try (FileChannel lockFile =
            FileChannel.open(
                cache.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      String stamp = stamp();
      if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
        Files.deleteIfExists(stampFile);
        FileUtils.deleteDirectory(kept.toFile());
        Path wh = Files.createTempDirectory("clientele-sample-run-").resolve("wh");
        OutputCapture.Captured<Integer> run = OutputCapture.during(() -> run(wh));
        assertEquals(0, run.result(), "pipeline on the samples exits 0: " + run.text());
        // Delta logs name data files relative to the table: a copied warehouse is a valid one.
        FileUtils.copyDirectory(wh.toFile(), kept.toFile());
        Files.writeString(cache.resolve("output.txt"), run.text());
        Files.writeString(stampFile, stamp);
        output = run.text();
        return wh;
      }
      output = Files.readString(cache.resolve("output.txt"));
      Path copy = Files.createTempDirectory("clientele-sample-run-").resolve("wh");
      FileUtils.copyDirectory(kept.toFile(), copy.toFile());
      return copy;
    }
  }

  /**
   * What the kept run was built from: every file (path, size, mtime) of the compiled classes, the
   * configuration and the samples, and the HMAC key's hash (never the key).
   */
  private static String stamp() throws IOException {
    Path root = SparkTest.projectDir();
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String dir :
        List.of("jobs/target/classes", "jobs/target/test-classes", "conf", "data-samples")) {
      Path d = root.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(d)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String line =
              root.relativize(f)
                  + " "
                  + Files.size(f)
                  + " "
                  + Files.getLastModifiedTime(f).toMillis()
                  + "\n";
          md.update(line.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    String secret = System.getenv("CLIENTELE_HMAC_SECRET");
    md.update(("key " + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Runs `pipeline` on the samples into a warehouse, in this JVM's shared SparkSession, with the
   * settings of the integration tests' forked runs (4 shuffle partitions: the standalone cluster
   * run compares with this one), restoring the session's shuffle partitions afterwards.
   */
  private static int run(Path wh, String... extra) {
    String partitions = SparkTest.spark().conf().get("spark.sql.shuffle.partitions");
    String[] base = {
      "pipeline",
      "--as-of",
      AS_OF,
      "--config",
      SparkTest.projectDir().resolve("conf/samples.conf").toString(),
      "--set",
      "clientele.warehouse=" + wh,
      "--set",
      "clientele.clustering.k=3",
      "--set",
      "clientele.spark.master=local[2]",
      "--set",
      "clientele.spark.conf.\"spark.sql.shuffle.partitions\"=4",
      "--run-id",
      "test-" + wh.getParent().getFileName()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    try {
      return ClienteleMain.execute(args);
    } finally {
      SparkTest.spark().conf().set("spark.sql.shuffle.partitions", partitions);
    }
  }
}

package dev.clientele.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One pipeline run on data-samples/ per test JVM, shared by the tests that check its output (the
 * sample run takes a while on 2 cores; running it once keeps the suite fast).
 */
public final class SamplePipeline {
  public static final String AS_OF = "2024-12-31";
  private static Path warehouse;
  private static String output;

  private SamplePipeline() {}

  /** The warehouse of the shared sample run, running it on first use. */
  public static synchronized Path warehouse() {
    if (warehouse == null) {
      try {
        Path wh = Files.createTempDirectory("clientele-sample-run-");
        OutputCapture.Captured<Integer> run = OutputCapture.during(() -> run(wh));
        assertEquals(0, run.result(), "pipeline on the samples exits 0");
        output = run.text();
        warehouse = wh;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return warehouse;
  }

  /** Everything the shared sample run logged and printed (the console's format and levels). */
  public static synchronized String output() {
    warehouse();
    return output;
  }

  /** Runs `pipeline` on the samples into a warehouse, in this JVM's shared SparkSession. */
  public static int run(Path wh, String... extra) {
    SparkTest.spark();
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
      "--run-id",
      "test-" + wh.getFileName()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return ClienteleMain.execute(args);
  }
}

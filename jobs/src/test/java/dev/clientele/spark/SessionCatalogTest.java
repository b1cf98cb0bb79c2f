package dev.clientele.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * clientele.database with Spark's in-memory catalog fails at start-up, saying why and what to do.
 */
@ExtendWith(SparkTest.class)
class SessionCatalogTest {
  @Test
  void aDatabaseInTheInMemoryCatalogFailsBeforeAnyStage() throws Exception {
    Path wh = Files.createTempDirectory("clientele-catalog-");
    SparkTest.spark();
    OutputCapture.Captured<Integer> run =
        OutputCapture.during(
            () ->
                ClienteleMain.execute(
                    "pipeline",
                    "--as-of",
                    "2024-12-31",
                    "--config",
                    SparkTest.projectDir().resolve("conf/samples.conf").toString(),
                    "--set",
                    "clientele.warehouse=" + wh,
                    "--set",
                    "clientele.database=crm"));
    assertEquals(2, run.result(), "a configuration error (exit 2): " + run.text());
    assertTrue(
        run.text().contains("in-memory") && run.text().contains("clientele.database = 'crm'"),
        "the message names the setting and the catalog: " + run.text());
    assertTrue(!Files.exists(wh.resolve("runs")), "nothing was written, not even a runs row");
    assertTrue(!Files.exists(wh.resolve("bronze_transactions")), "no stage ran");
  }
}

package dev.clientele.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.OutputCapture.Captured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of the common options through the command line (issue 18, points 5 and 7). Accepted
 * values are shown with --print-config, which stops right after the checks, so no Spark starts.
 */
class CommonOptionsTest {
  /** UTC+14 and UTC-11: at any instant the first zone's date is after the second's. */
  private static final ZoneId EARLIEST = ZoneId.of("Pacific/Kiritimati");

  private static final ZoneId LATEST = ZoneId.of("Pacific/Pago_Pago");

  @TempDir Path dir;

  private Captured<Integer> run(String... args) throws IOException {
    Path conf = dir.resolve("test.conf");
    Files.writeString(conf, "clientele.warehouse = \"" + dir.resolve("wh") + "\"\n");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", conf.toString()));
    return OutputCapture.during(() -> ClienteleMain.execute(all.toArray(String[]::new)));
  }

  @Test
  void aRunIdThatIsNotOneFileNameIsAUsageError() throws IOException {
    for (String bad : List.of("../..", ".hidden", "a/b", "scheduled__2024-12-31T03:00:00+00:00")) {
      Captured<Integer> r = run("score", "--run-id", bad);
      assertEquals(2, r.result(), "usage exit code for --run-id " + bad);
      assertTrue(
          r.text().contains("usage: --run-id must start with a letter or digit"),
          "the error says what a run id may hold: " + r.text());
    }
    assertFalse(
        Files.exists(dir.resolve("wh")), "nothing was written before the check: " + dir.toString());
  }

  @Test
  void aRunIdOfLettersDigitsDotsUnderscoresAndDashesIsAccepted() throws IOException {
    for (String good : List.of("scheduled__20241231T030000", "7.run-A_b")) {
      assertEquals(
          0, run("score", "--run-id", good, "--print-config").result(), "--run-id " + good);
    }
  }

  @Test
  void anAsOfAfterTodayInTheConfiguredZoneIsRefusedUnlessAllowed() throws IOException {
    String tomorrowSomewhere = LocalDate.now(EARLIEST).toString();
    Captured<Integer> refused =
        run(
            "score",
            "--as-of",
            tomorrowSomewhere,
            "--set",
            "clientele.time-zone=" + LATEST,
            "--print-config");
    assertEquals(2, refused.result(), "a future as-of is a usage error");
    assertTrue(
        refused.text().contains("usage: the as-of date " + tomorrowSomewhere + " is after today"),
        "the error names the date: " + refused.text());
    assertTrue(refused.text().contains("--allow-future-as-of"), "and the way out");
    assertEquals(
        0,
        run(
                "score",
                "--as-of",
                tomorrowSomewhere,
                "--set",
                "clientele.time-zone=" + EARLIEST,
                "--print-config")
            .result(),
        "the same date is today in a zone where the day has begun");
    assertEquals(
        0,
        run(
                "score",
                "--as-of",
                tomorrowSomewhere,
                "--set",
                "clientele.time-zone=" + LATEST,
                "--allow-future-as-of",
                "--print-config")
            .result(),
        "--allow-future-as-of accepts it");
  }

  @Test
  void aFutureDefaultAsOfAndAFutureBackfillEndAreRefusedToo() throws IOException {
    String future = LocalDate.now(EARLIEST).plusDays(3).toString();
    Captured<Integer> byDefault =
        run("score", "--set", "clientele.default-as-of=\"" + future + "\"");
    assertEquals(2, byDefault.result(), "clientele.default-as-of in the future: " + byDefault);
    assertTrue(byDefault.text().contains("is after today"), byDefault.text());
    Captured<Integer> backfill = run("backfill", "--from", "2024-01-01", "--to", future);
    assertEquals(2, backfill.result(), "backfill --to in the future: " + backfill);
    assertTrue(backfill.text().contains("the as-of date " + future), backfill.text());
  }
}

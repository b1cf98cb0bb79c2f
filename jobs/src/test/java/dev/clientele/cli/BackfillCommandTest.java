package dev.clientele.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.io.TableIO;
import dev.clientele.testkit.DataFrameAssert;
import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class BackfillCommandTest {
  private static BackfillCommand range(String from, String to, BackfillCommand.Every every) {
    BackfillCommand c = new BackfillCommand();
    c.from = LocalDate.parse(from);
    c.to = LocalDate.parse(to);
    c.every = every;
    return c;
  }

  @Test
  void datesStepByDayWeekAndMonthEnd() {
    assertEquals(
        List.of(
            LocalDate.parse("2024-02-27"),
            LocalDate.parse("2024-02-28"),
            LocalDate.parse("2024-02-29"),
            LocalDate.parse("2024-03-01")),
        range("2024-02-27", "2024-03-01", BackfillCommand.Every.day).dates());
    assertEquals(
        List.of(
            LocalDate.parse("2024-01-01"),
            LocalDate.parse("2024-01-08"),
            LocalDate.parse("2024-01-15")),
        range("2024-01-01", "2024-01-20", BackfillCommand.Every.week).dates());
    // Month-ends from the month of --from, leap February included, up to --to.
    assertEquals(
        List.of(
            LocalDate.parse("2024-01-31"),
            LocalDate.parse("2024-02-29"),
            LocalDate.parse("2024-03-31")),
        range("2024-01-15", "2024-04-29", BackfillCommand.Every.month).dates());
  }

  @Test
  void onlyASuccessfulPipelineRunPublishesASnapshot() {
    TableIO io = new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse());
    assertFalse(BackfillCommand.published(io, LocalDate.parse("2024-01-31")), "no runs table yet");
    StructType runs =
        new StructType()
            .add("run_id", DataTypes.StringType)
            .add("command", DataTypes.StringType)
            .add("snapshot_date", DataTypes.DateType)
            .add("status", DataTypes.StringType);
    io.append(
        "runs",
        DataFrameAssert.df(
            runs,
            DataFrameAssert.row("r1", "pipeline", Date.valueOf("2024-01-31"), "success"),
            DataFrameAssert.row("r2", "pipeline", Date.valueOf("2024-02-29"), "failed"),
            DataFrameAssert.row("r3", "score", Date.valueOf("2024-03-31"), "success")));
    assertTrue(BackfillCommand.published(io, LocalDate.parse("2024-01-31")));
    assertFalse(
        BackfillCommand.published(io, LocalDate.parse("2024-02-29")),
        "a failed run publishes nothing");
    assertFalse(
        BackfillCommand.published(io, LocalDate.parse("2024-03-31")),
        "a lone stage is not a published snapshot");
  }
}

package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.io.TableIO;
import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class PublishedSnapshotsTest {
  private static final StructType SEG =
      StructType.fromDDL("snapshot_date date, customer_id string");
  private static final StructType RUNS =
      StructType.fromDDL("snapshot_date date, status string, command string");
  private static final LocalDate D1 = LocalDate.of(2024, 1, 31);
  private static final LocalDate D2 = LocalDate.of(2024, 2, 29);
  private static final LocalDate D3 = LocalDate.of(2024, 3, 31);

  private static TableIO io(String name) {
    TableIO io = new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse() + "/" + name);
    io.overwrite(
        "customer_segments",
        df(
            SEG,
            row(Date.valueOf(D1), "a"),
            row(Date.valueOf(D2), "a"),
            row(Date.valueOf(D3), "a")));
    return io;
  }

  @Test
  void onlySnapshotsWithASuccessfulRunArePublished() {
    TableIO io = io("with-runs");
    // D1's pipeline succeeded; D2's failed; D3 has rows and a successful lone stage (score) but
    // no successful pipeline (one killed half-way, then a stage re-run): neither is published.
    io.append(
        "runs",
        df(
            RUNS,
            row(Date.valueOf(D1), "success", "pipeline"),
            row(Date.valueOf(D2), "failed", "pipeline"),
            row(Date.valueOf(D3), "success", "score"),
            row(Date.valueOf(LocalDate.of(2024, 4, 30)), "success", "backfill")));
    assertEquals(Optional.of(D1), PublishedSnapshots.before(io, LocalDate.of(2024, 4, 30)));
    assertEquals(Optional.of(D1), PublishedSnapshots.atOrBefore(io, null));
    assertEquals(Optional.empty(), PublishedSnapshots.before(io, D1), "nothing before D1");
  }

  @Test
  void withoutARunsTableEveryEarlierSnapshotCounts() {
    TableIO io = io("without-runs");
    assertEquals(Optional.of(D2), PublishedSnapshots.before(io, D3));
    assertEquals(Optional.of(D3), PublishedSnapshots.atOrBefore(io, null));
  }
}

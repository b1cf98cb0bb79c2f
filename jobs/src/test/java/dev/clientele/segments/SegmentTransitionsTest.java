package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.testkit.SparkTest;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class SegmentTransitionsTest {
  private static final StructType SEG =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("family", DataTypes.StringType)
          .add("segment", DataTypes.StringType);
  private static final StructType HISTORY =
      new StructType()
          .add("old_customer_id", DataTypes.StringType)
          .add("new_customer_id", DataTypes.StringType);
  private static final StructType TRANSITIONS =
      new StructType()
          .add("family", DataTypes.StringType)
          .add("from_segment", DataTypes.StringType)
          .add("to_segment", DataTypes.StringType)
          .add("customers", DataTypes.LongType, false);
  private static final StructType CHANGES =
      new StructType()
          .add("family", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("from_segment", DataTypes.StringType)
          .add("to_segment", DataTypes.StringType);

  /*
   * tier (exclusive): c1 stays Gold; c2 Silver -> Gold; c3 (Silver) was merged into the new id c5,
   * still Silver: a stay, not a churn plus an arrival; c4 (Bronze) leaves; c6 arrives in Bronze;
   * c8 (Bronze) merged into c7 (Gold), now Silver: the survivor's own old segment counts,
   * Gold -> Silver.
   * tags (overlapping): c1 had {x, y}, now {y, z}: x -> (none), y -> y, (none) -> z.
   */
  private static Dataset<Row> pairs() {
    Dataset<Row> prev =
        df(
            SEG,
            row("c1", "tier", "Gold"),
            row("c2", "tier", "Silver"),
            row("c3", "tier", "Silver"),
            row("c4", "tier", "Bronze"),
            row("c7", "tier", "Gold"),
            row("c8", "tier", "Bronze"),
            row("c1", "tags", "x"),
            row("c1", "tags", "y"));
    Dataset<Row> cur =
        df(
            SEG,
            row("c1", "tier", "Gold"),
            row("c2", "tier", "Gold"),
            row("c5", "tier", "Silver"),
            row("c6", "tier", "Bronze"),
            row("c7", "tier", "Silver"),
            row("c1", "tags", "y"),
            row("c1", "tags", "z"));
    Dataset<Row> history = df(HISTORY, row("c3", "c5"), row("c8", "c7"));
    return SegmentTransitions.pairs(prev, cur, history, Set.of("tier"));
  }

  @Test
  void transitionsCountEveryMoveAndStayWithMergesFollowed() {
    assertDataFrameEquals(
        df(
            TRANSITIONS,
            row("tier", "Gold", "Gold", 1L),
            row("tier", "Silver", "Gold", 1L),
            row("tier", "Silver", "Silver", 1L),
            row("tier", "Bronze", "(none)", 1L),
            row("tier", "(none)", "Bronze", 1L),
            row("tier", "Gold", "Silver", 1L),
            row("tags", "x", "(none)", 1L),
            row("tags", "y", "y", 1L),
            row("tags", "(none)", "z", 1L)),
        SegmentTransitions.transitions(pairs()));
  }

  @Test
  void changesListOnlyCustomersWhoMoved() {
    assertDataFrameEquals(
        df(
            CHANGES,
            row("tier", "c2", "Silver", "Gold"),
            row("tier", "c4", "Bronze", "(none)"),
            row("tier", "c6", "(none)", "Bronze"),
            row("tier", "c7", "Gold", "Silver"),
            row("tags", "c1", "x", "(none)"),
            row("tags", "c1", "(none)", "z")),
        SegmentTransitions.changes(pairs()));
  }

  @Test
  void chainedMergesAreFollowed() {
    // a -> b in one run, b -> c in the next: a's old segment belongs to c.
    Dataset<Row> prev = df(SEG, row("a", "tier", "Gold"));
    Dataset<Row> cur = df(SEG, row("c", "tier", "Gold"));
    Dataset<Row> history = df(HISTORY, row("a", "b"), row("b", "c"));
    assertDataFrameEquals(
        df(CHANGES),
        SegmentTransitions.changes(SegmentTransitions.pairs(prev, cur, history, Set.of("tier"))));
  }
}

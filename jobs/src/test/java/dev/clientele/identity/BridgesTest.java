package dev.clientele.identity;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.testkit.SparkTest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Weakest fuzzy links are dropped until every piece fits, instead of splitting to singles. */
@ExtendWith(SparkTest.class)
class BridgesTest {
  @Test
  void anOversizedChainLosesItsWeakestLinkAndAWeakPairIsCut() {
    StructType e =
        new StructType()
            .add("src", DataTypes.StringType)
            .add("dst", DataTypes.StringType)
            .add("rule", DataTypes.StringType);
    // a-b e-mail, b-c fuzzy 0.95, c-d phone, d-e fuzzy 0.999: one component of 5 > 3. Dropping
    // links below 0.99 leaves {a, b} and {c, d, e}, both <= 3: kept. f-g fuzzy 0.4 is below the
    // bridge probability 0.5: cut, f and g alone. h-i fuzzy 0.97 is small and strong: untouched.
    Dataset<Row> edges =
        df(
            e,
            row("a", "b", "email"),
            row("b", "c", "fuzzy"),
            row("c", "d", "phone"),
            row("d", "e", "fuzzy"),
            row("f", "g", "fuzzy"),
            row("h", "i", "fuzzy"));
    StructType x =
        new StructType()
            .add("a", DataTypes.StringType)
            .add("b", DataTypes.StringType)
            .add("match_probability", DataTypes.DoubleType);
    Dataset<Row> explanations =
        df(x, row("b", "c", 0.95), row("d", "e", 0.999), row("f", "g", 0.4), row("h", "i", 0.97));
    Resolution.Params p =
        new Resolution.Params(
            null,
            new FuzzyMatch.Params(List.of("k"), 0.9, List.of(), 10)
                .withModel(new FuzzyMatch.ModelInput(null, null, null, 0.9, 0.5)),
            true,
            3,
            40);
    Dataset<Row> components = ConnectedComponents.of(edges, 40);
    // 9 nodes of a fixed fixture: small.
    List<Row> rows = Bridges.reexamine(components, edges, explanations, p).collectAsList();
    Map<String, Set<String>> groups = new HashMap<>();
    for (Row r : rows) {
      groups.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getString(0));
    }
    Set<Set<String>> pieces = new HashSet<>(groups.values());
    assertEquals(
        Set.of(Set.of("a", "b"), Set.of("c", "d", "e"), Set.of("f"), Set.of("g"), Set.of("h", "i")),
        pieces,
        "pieces after re-examination");
  }
}

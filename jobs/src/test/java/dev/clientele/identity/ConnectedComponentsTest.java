package dev.clientele.identity;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;

import dev.clientele.testkit.SparkTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Large-star / small-star against a plain union-find (the reference) on random graphs and chains.
 */
@ExtendWith(SparkTest.class)
class ConnectedComponentsTest {
  private static final StructType EDGES =
      new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType);
  private static final StructType RESULT =
      new StructType().add("node", DataTypes.StringType).add("component", DataTypes.StringType);

  @Test
  void randomSparseGraphMatchesUnionFind() {
    Random rnd = new Random(7);
    List<String[]> edges = new ArrayList<>();
    // 1,500 edges over 2,000 nodes: many small trees plus a few larger components and cycles.
    for (int i = 0; i < 1500; i++) {
      edges.add(new String[] {"n" + rnd.nextInt(2000), "n" + rnd.nextInt(2000)});
    }
    check(edges);
  }

  @Test
  void longChainWithShuffledLabelsMatchesUnionFind() {
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      labels.add(i);
    }
    Collections.shuffle(labels, new Random(11));
    List<String[]> edges = new ArrayList<>();
    for (int i = 0; i + 1 < labels.size(); i++) {
      edges.add(new String[] {"v" + labels.get(i), "v" + labels.get(i + 1)});
    }
    // Plus a short separate chain in which the labels are in order.
    edges.add(new String[] {"a1", "a2"});
    edges.add(new String[] {"a2", "a3"});
    check(edges);
  }

  private static void check(List<String[]> edges) {
    List<Row> rows = edges.stream().map(e -> RowFactory.create(e[0], e[1])).toList();
    Dataset<Row> input = SparkTest.spark().createDataFrame(rows, EDGES);
    Dataset<Row> actual = ConnectedComponents.of(input, 40);
    assertDataFrameEquals(expected(edges), actual);
  }

  /** Union-find with path compression; the component id is the smallest label (string order). */
  private static Dataset<Row> expected(List<String[]> edges) {
    Map<String, String> parent = new HashMap<>();
    for (String[] e : edges) {
      parent.putIfAbsent(e[0], e[0]);
      parent.putIfAbsent(e[1], e[1]);
      String a = find(parent, e[0]);
      String b = find(parent, e[1]);
      if (!a.equals(b)) {
        parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (String n : parent.keySet()) {
      String root = find(parent, n);
      // Self-loop-only nodes have no component in the result (the caller adds isolated nodes).
      boolean linked =
          edges.stream().anyMatch(e -> !e[0].equals(e[1]) && (e[0].equals(n) || e[1].equals(n)));
      if (linked) {
        rows.add(RowFactory.create(n, root));
      }
    }
    return SparkTest.spark().createDataFrame(rows, RESULT);
  }

  private static String find(Map<String, String> parent, String x) {
    String root = x;
    while (!parent.get(root).equals(root)) {
      root = parent.get(root);
    }
    while (!parent.get(x).equals(root)) {
      String next = parent.get(x);
      parent.put(x, root);
      x = next;
    }
    return root;
  }
}

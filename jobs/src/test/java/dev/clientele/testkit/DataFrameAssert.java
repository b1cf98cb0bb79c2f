package dev.clientele.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Order-independent, schema-aware comparison of DataFrames in the spirit of spark-testing-base's
 * assertDataFrameEquals: same column names and types (nullability ignored), same multiset of rows,
 * doubles within a tolerance. On failure it prints both sides sorted, with the differing rows.
 */
public final class DataFrameAssert {
  private DataFrameAssert() {}

  public static Dataset<Row> df(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SparkTest.spark().createDataFrame(list, schema);
  }

  public static Object[] row(Object... values) {
    return values;
  }

  public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual) {
    assertDataFrameEquals(expected, actual, 1e-9);
  }

  /** Small test data only: both sides are collected. */
  public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual, double tol) {
    assertSchemaEquals(expected.schema(), actual.schema());
    List<Row> e = sorted(expected.collectAsList());
    List<Row> a = sorted(actual.collectAsList());
    List<String> problems = new ArrayList<>();
    if (e.size() != a.size()) {
      problems.add("row count: expected " + e.size() + ", actual " + a.size());
    }
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      if (!rowEquals(e.get(i), a.get(i), tol)) {
        problems.add("row " + i + ": expected " + e.get(i) + "\n        actual   " + a.get(i));
      }
    }
    if (!problems.isEmpty()) {
      fail(
          "DataFrames differ:\n  "
              + String.join("\n  ", problems)
              + "\nexpected (sorted):\n  "
              + join(e)
              + "\nactual (sorted):\n  "
              + join(a));
    }
  }

  public static void assertSchemaEquals(StructType expected, StructType actual) {
    List<String> e = Arrays.stream(expected.fields()).map(DataFrameAssert::describe).toList();
    List<String> a = Arrays.stream(actual.fields()).map(DataFrameAssert::describe).toList();
    if (!e.equals(a)) {
      fail("schemas differ:\n  expected " + e + "\n  actual   " + a);
    }
  }

  private static String describe(StructField f) {
    return f.name() + ":" + f.dataType().simpleString();
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Row::toString));
    return copy;
  }

  private static String join(List<Row> rows) {
    return String.join("\n  ", rows.stream().map(Row::toString).toList());
  }

  static boolean rowEquals(Row e, Row a, double tol) {
    if (e.length() != a.length()) {
      return false;
    }
    for (int i = 0; i < e.length(); i++) {
      if (!valueEquals(e.get(i), a.get(i), tol)) {
        return false;
      }
    }
    return true;
  }

  private static boolean valueEquals(Object e, Object a, double tol) {
    if (e == null || a == null) {
      return e == a;
    }
    if (e instanceof Double || e instanceof Float) {
      double x = ((Number) e).doubleValue();
      double y = ((Number) a).doubleValue();
      return (Double.isNaN(x) && Double.isNaN(y))
          || Math.abs(x - y) <= tol * Math.max(1.0, Math.abs(x));
    }
    if (e instanceof BigDecimal be && a instanceof BigDecimal ba) {
      return be.compareTo(ba) == 0;
    }
    if (e instanceof Row re && a instanceof Row ra) {
      return rowEquals(re, ra, tol);
    }
    if (e instanceof scala.collection.Seq<?> se && a instanceof scala.collection.Seq<?> sa) {
      return se.equals(sa);
    }
    return e.equals(a);
  }
}

package dev.clientele.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * BI queries through a running Trino ({@code clientele bi start} then {@code bi register}), timed
 * warm: a dashboard query (one family's segment sizes on the current snapshot) and a customer
 * lookup by id, each run once untimed and then {@code --repeats} times; prints one JSON line with
 * the medians. The looked-up id is picked from the table first (the middle one by id), so it is a
 * real customer and nothing about it is printed.
 */
@Command(name = "trino-query-benchmark", mixinStandardHelpOptions = true)
public final class TrinoQueryBenchmark implements Callable<Integer> {
  @Option(
      names = "--jdbc-url",
      required = true,
      description = "e.g. jdbc:trino://127.0.0.1:PORT/delta/clientele")
  String url;

  @Option(names = "--family", defaultValue = "value", description = "the dashboard's family")
  String family;

  @Option(names = "--repeats", defaultValue = "5")
  int repeats;

  static final String DASHBOARD =
      "SELECT segment, count(*) AS customers FROM customer_segments_current"
          + " WHERE family = ? GROUP BY segment ORDER BY customers DESC";

  static final String LOOKUP =
      "SELECT customer_id, order_count, monetary_net, rfm_segment, abc_class, lifecycle_status"
          + " FROM customer_metrics_current WHERE customer_id = ?";

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrinoQueryBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "bench", null)) {
      long customers = single(c, "SELECT count(*) FROM customer_metrics_current");
      String id = middleId(c, customers);
      Timing dashboard = time(c, DASHBOARD, family);
      Timing lookup = time(c, LOOKUP, id);
      if (dashboard.rows() == 0 || lookup.rows() != 1) {
        throw new IllegalStateException(
            "unexpected answers: dashboard "
                + dashboard.rows()
                + " segments, lookup "
                + lookup.rows()
                + " rows");
      }
      System.out.printf(
          Locale.ROOT,
          "{\"customers\": %d, \"family\": \"%s\", \"segments\": %d, \"repeats\": %d,"
              + " \"dashboard_median_s\": %.3f, \"dashboard_first_s\": %.3f,"
              + " \"lookup_median_s\": %.3f, \"lookup_first_s\": %.3f}%n",
          customers,
          family,
          dashboard.rows(),
          repeats,
          dashboard.median(),
          dashboard.first(),
          lookup.median(),
          lookup.first());
    }
    return 0;
  }

  /** The timings of one query: the untimed-for-the-median first run and the warm median. */
  record Timing(long rows, double first, double median) {}

  private Timing time(Connection c, String sql, String parameter) throws SQLException {
    double first = 0;
    long rows = 0;
    List<Double> warm = new ArrayList<>();
    for (int i = 0; i <= repeats; i++) {
      long t0 = System.nanoTime();
      rows = run(c, sql, parameter);
      double s = (System.nanoTime() - t0) / 1e9;
      if (i == 0) {
        first = s;
      } else {
        warm.add(s);
      }
    }
    warm.sort(null);
    int n = warm.size();
    double median = n % 2 == 1 ? warm.get(n / 2) : (warm.get(n / 2 - 1) + warm.get(n / 2)) / 2;
    return new Timing(rows, first, median);
  }

  /** Runs the query and reads every row, as a BI tool would; returns the row count. */
  private static long run(Connection c, String sql, String parameter) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, parameter);
      long rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            rs.getObject(i);
          }
          rows++;
        }
      }
      return rows;
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String middleId(Connection c, long customers) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT customer_id FROM customer_metrics_current ORDER BY customer_id OFFSET "
                    + customers / 2
                    + " LIMIT 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("customer_metrics_current is empty");
      }
      return rs.getString(1);
    }
  }
}

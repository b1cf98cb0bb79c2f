package dev.clientele.bi;

import dev.clientele.io.TableCatalogue;
import dev.clientele.io.TableIO;
import dev.clientele.io.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Registers the warehouse's tables in Trino's {@code delta} catalog and creates the {@code
 * <table>_current} views, pinned to the published Delta version and snapshot date. Idempotent:
 * registered tables stay, new ones are added, views are replaced. Statements carry only table
 * names, warehouse paths, version numbers and dates, never a data value.
 */
public final class TrinoCatalogue {
  private TrinoCatalogue() {}

  /** Whether the tables with raw personal data are registered too. */
  public enum PersonalData {
    EXCLUDE,
    INCLUDE
  }

  /** What a registration did, for the command's output and the tests. */
  public record Registered(
      List<String> added, List<String> kept, List<String> removed, List<String> views) {}

  public static Registered register(
      Connection c, String schema, TableIO io, Map<String, Published.Pin> pins, PersonalData pii)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + name(schema));
    }
    Set<String> present = tables(c, schema);
    List<String> added = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> views = new ArrayList<>();
    for (TableSpec spec : TableCatalogue.all()) {
      boolean wanted =
          io.exists(spec.name()) && (pii == PersonalData.INCLUDE || !spec.holdsPersonalData());
      boolean there = present.contains(spec.name());
      if (wanted && !there) {
        call(
            c,
            "register_table",
            "schema_name => " + literal(schema),
            "table_name => " + literal(spec.name()),
            "table_location => " + literal(location(io.path(spec.name()))));
        added.add(spec.name());
      } else if (wanted) {
        kept.add(spec.name());
      } else if (there) {
        // Unregistering leaves the files alone: only Trino's metastore entry goes.
        call(
            c,
            "unregister_table",
            "schema_name => " + literal(schema),
            "table_name => " + literal(spec.name()));
        removed.add(spec.name());
      }
      if (wanted && pins.containsKey(spec.name())) {
        try (Statement st = c.createStatement()) {
          st.execute(
              "CREATE OR REPLACE VIEW "
                  + name(schema, spec.name() + "_current")
                  + " COMMENT "
                  + literal(spec.comment() + " (latest published snapshot)")
                  + " SECURITY INVOKER AS "
                  + currentQuery(name(schema, spec.name()), pins.get(spec.name())));
        }
        views.add(spec.name() + "_current");
      }
    }
    return new Registered(added, kept, removed, views);
  }

  /**
   * The view's query: the pinned version ({@code FOR VERSION AS OF}) and the published date; a
   * table with no published snapshot shows no rows. The literals are a number and a date.
   */
  static String currentQuery(String table, Published.Pin pin) {
    String from =
        "SELECT * FROM "
            + table
            + (pin.version().isPresent() ? " FOR VERSION AS OF " + pin.version().getAsLong() : "");
    // A view is DDL text: the only values in it are a long version and a typed LocalDate (ISO
    // digits and dashes), never data from the tables.
    return pin.snapshotDate().isPresent()
        ? from + " WHERE snapshot_date = DATE '" + pin.snapshotDate().get() + "'"
        : from + " WHERE false";
  }

  /** The tables and views of the schema in Trino. */
  public static Set<String> tables(Connection c, String schema) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT table_name FROM "
                + TrinoServer.CATALOG
                + ".information_schema.tables WHERE table_schema = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static void call(Connection c, String procedure, String... args) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CALL "
              + TrinoServer.CATALOG
              + ".system."
              + procedure
              + "("
              + String.join(", ", args)
              + ")");
    }
  }

  /** Trino's local file system names {@code file:/x} as {@code local:///x}. */
  static String location(String path) {
    if (path.startsWith("file:")) {
      return "local://" + path.substring("file:".length()).replaceFirst("^/+", "/");
    }
    return path;
  }

  static String name(String schema) {
    return TrinoServer.CATALOG + "." + quote(schema);
  }

  static String name(String schema, String table) {
    return name(schema) + "." + quote(table);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}

package dev.clientele.cli;

import dev.clientele.bi.Published;
import dev.clientele.bi.TrinoCatalogue;
import dev.clientele.bi.TrinoCatalogue.PersonalData;
import dev.clientele.bi.TrinoServer;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.spark.SparkSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bi}: a local Trino over the warehouse, for BI tools (docs/bi.md). */
@Command(
    name = "bi",
    mixinStandardHelpOptions = true,
    description = "A local Trino (Delta Lake connector) over the warehouse, for BI tools.",
    subcommands = {
      BiCommand.Start.class,
      BiCommand.Register.class,
      BiCommand.Sql.class,
      BiCommand.Stop.class
    })
final class BiCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Options of every bi subcommand. */
  static final class BiOptions {
    @Mixin CommonOptions common;

    @Option(
        names = "--state-dir",
        paramLabel = "DIR",
        description =
            "Trino's configuration, data, log, pid and port. Default: <warehouse>/_bi/trino.")
    Path stateDir;

    @Option(
        names = "--schema",
        paramLabel = "NAME",
        defaultValue = DEFAULT_SCHEMA,
        description = "Schema of the delta catalog the tables go in. Default: ${DEFAULT-VALUE}.")
    String schema;

    Settings settings() {
      return StageCommand.loadSettings(common);
    }

    TrinoServer server(Settings settings) {
      return new TrinoServer(
          stateDir != null ? stateDir : TrinoServer.stateOf(settings.warehouse()));
    }

    Connection connect(TrinoServer server) throws SQLException {
      return DriverManager.getConnection(server.jdbcUrl(schema), "clientele", null);
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Starts Trino (fetched once through Maven).")
  static final class Start implements Callable<Integer> {
    @Mixin BiOptions bi;

    @Override
    public Integer call() {
      TrinoServer server = bi.server(bi.settings());
      long t0 = System.nanoTime();
      int port = server.start(System.getenv());
      System.out.printf(
          "[clientele] Trino on 127.0.0.1:%d (%.1f s); JDBC %s; state %s%n",
          port, (System.nanoTime() - t0) / 1e9, server.jdbcUrl(bi.schema), server.state());
      return 0;
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Registers the output tables in Trino and creates the <table>_current views of the"
              + " published snapshot; tables with personal data only with --include-pii.")
  static final class Register implements Callable<Integer> {
    @Mixin BiOptions bi;

    @Option(
        names = "--include-pii",
        description = "Register the tables with raw personal data too.")
    boolean includePii;

    @Override
    public Integer call() throws SQLException {
      Settings settings = bi.settings();
      try (Connection c = bi.connect(bi.server(settings))) {
        register(settings, c, bi.schema, includePii);
      }
      return 0;
    }
  }

  /** Registers the tables and pins the {@code _current} views at the published versions. */
  static void register(Settings settings, Connection c, String schema, boolean includePii)
      throws SQLException {
    boolean ownsSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.create(settings);
    try {
      TableIO io = new TableIO(spark, settings.warehouse());
      Map<String, Published.Pin> pins = Published.current(io);
      TrinoCatalogue.Registered r =
          TrinoCatalogue.register(
              c, schema, io, pins, includePii ? PersonalData.INCLUDE : PersonalData.EXCLUDE);
      System.out.printf(
          "[clientele] registered in %s.%s: added %s, kept %s, removed %s; views %s%n",
          TrinoServer.CATALOG, schema, r.added(), r.kept(), r.removed(), r.views());
      pins.values()
          .forEach(
              p ->
                  System.out.printf(
                      "[clientele]   %s_current: version %s, snapshot %s%n",
                      p.table(),
                      p.version().isPresent() ? p.version().getAsLong() : "latest",
                      p.snapshotDate().map(Object::toString).orElse("none published")));
    } finally {
      if (ownsSession) {
        spark.stop();
      }
    }
  }

  /**
   * After an erasure: when the warehouse's local Trino runs ({@code bi start}), registers again so
   * its {@code _current} views move past the erasure's deletes (tables with personal data kept
   * registered if they were); otherwise says that a Trino elsewhere needs {@code bi register}.
   */
  static void reregisterAfterErasure(Settings settings) {
    TrinoServer server = new TrinoServer(TrinoServer.stateOf(settings.warehouse()));
    if (server.port().isEmpty()) {
      System.out.println(
          "[clientele] a Trino over this warehouse pins its _current views: run `clientele bi"
              + " register` there so they move past this erasure");
      return;
    }
    try (Connection c =
        DriverManager.getConnection(server.jdbcUrl(DEFAULT_SCHEMA), "clientele", null)) {
      boolean withPii = false;
      for (String t : TrinoCatalogue.tables(c, DEFAULT_SCHEMA)) {
        withPii |=
            dev.clientele.io.TableCatalogue.spec(t)
                .map(dev.clientele.io.TableSpec::holdsPersonalData)
                .orElse(false);
      }
      register(settings, c, DEFAULT_SCHEMA, withPii);
    } catch (SQLException | RuntimeException e) {
      // The erasure itself is done and recorded: say what is left to do, do not fail the run.
      System.out.println(
          "[clientele] the erasure is done, but the Trino views could not be registered again ("
              + e.getClass().getSimpleName()
              + "): run `clientele bi register`");
    }
  }

  static final String DEFAULT_SCHEMA = "clientele";

  @Command(
      name = "sql",
      mixinStandardHelpOptions = true,
      description = "Runs one query and prints the rows (tab-separated, with a header).")
  static final class Sql implements Callable<Integer> {
    @Mixin BiOptions bi;

    @Parameters(
        paramLabel = "QUERY",
        description = "The query, e.g. \"SELECT count(*) FROM customer_metrics_current\".")
    String query;

    @Override
    public Integer call() throws SQLException {
      try (Connection c = bi.connect(bi.server(bi.settings()));
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(query)) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> header = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          header.add(md.getColumnLabel(i));
        }
        System.out.println(String.join("\t", header));
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.add(String.valueOf(rs.getObject(i)));
          }
          System.out.println(String.join("\t", row));
        }
        return 0;
      }
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops Trino by its pid.")
  static final class Stop implements Callable<Integer> {
    @Mixin BiOptions bi;

    @Override
    public Integer call() {
      TrinoServer server = bi.server(bi.settings());
      System.out.println(
          server.stop()
              ? "[clientele] Trino stopped (" + server.state() + ")"
              : "[clientele] no Trino was running from " + server.state());
      return 0;
    }
  }
}

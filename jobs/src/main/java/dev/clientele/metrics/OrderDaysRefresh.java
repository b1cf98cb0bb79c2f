package dev.clientele.metrics;

import static dev.clientele.schema.Cols.NODE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.clientele.config.CostSettings;
import dev.clientele.config.CustomerSources;
import dev.clientele.config.IdentitySettings;
import dev.clientele.identity.Hashing;
import dev.clientele.identity.IdentityRecords;
import dev.clientele.identity.ResolveStage;
import dev.clientele.io.TableChanges;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps order_days current with bronze_transactions. Each write's commit carries a watermark in its
 * userMetadata: the bronze version it reflects and a signature of the settings the rows depend on.
 * A refresh then aggregates only the lines of the bronze commits since, combines them with the
 * existing rows of their keys and MERGEs; a source from which a commit since removed data (an
 * erasure, a re-ingested file, a keyed source's update or delete), which an increment cannot
 * subtract, is re-aggregated from its bronze partition in the same MERGE. It rebuilds from the
 * whole bronze table when asked ({@code score --full-refresh}), when the table or its watermark is
 * missing, when the signature changed, or when the bronze log since is gone.
 */
public final class OrderDaysRefresh {
  /** Whether a refresh may update the table or must rebuild it. */
  public enum Mode {
    INCREMENTAL,
    FULL
  }

  /**
   * What a refresh did: "current" (nothing new), "incremental" or "full" (with why), the bronze
   * version the table now reflects, and the bronze lines read.
   */
  public record Outcome(String action, long sourceVersion, long linesRead) {}

  static final String PREFIX = "clientele order_days ";
  private static final Pattern WATERMARK =
      Pattern.compile("clientele order_days source_version=(\\d+) signature=([0-9a-f]+)");

  /** Bumped when the table's columns or their meaning change: a new layout rebuilds. */
  private static final String LAYOUT = "1";

  private OrderDaysRefresh() {}

  public static Outcome refresh(RunContext ctx, Mode mode) {
    TableIO io = ctx.io();
    long version = io.version(Tables.BRONZE_TRANSACTIONS);
    String signature = signature(ctx);
    Double rate = CostSettings.from(ctx.settings().config()).marginRate();
    Optional<long[]> mark =
        io.exists(Tables.ORDER_DAYS)
            ? io.latestUserMetadata(Tables.ORDER_DAYS, PREFIX).flatMap(m -> parse(m, signature))
            : Optional.empty();
    if (mode == Mode.FULL || mark.isEmpty()) {
      String why = mode == Mode.FULL ? "full-refresh" : "no watermark of these settings";
      return rebuild(ctx, version, signature, rate, why);
    }
    long from = mark.get()[0];
    if (from == version) {
      return new Outcome("current", version, 0);
    }
    Optional<TableChanges.Increment> changes =
        TableChanges.between(io, Tables.BRONZE_TRANSACTIONS, Cols.SOURCE, from, version);
    if (changes.isEmpty()) {
      return rebuild(ctx, version, signature, rate, "bronze log since version " + from + " gone");
    }
    return update(ctx, changes.get(), version, signature, rate);
  }

  /**
   * Adds the new lines of the sources without removed data and re-aggregates those with (from the
   * bronze version, that source's partition only), in one MERGE carrying the watermark; the rows of
   * a re-aggregated source that no longer exist are deleted.
   */
  private static Outcome update(
      RunContext ctx, TableChanges.Increment inc, long version, String signature, Double rate) {
    TableIO io = ctx.io();
    Set<String> redo = inc.removedFrom();
    Column inRedo = col(Cols.SOURCE).isin(redo.toArray());
    Dataset<Row> lines = keyed(ctx, redo.isEmpty() ? inc.added() : inc.added().where(not(inRedo)));
    lines = lines.cache();
    try {
      long read = lines.count();
      List<String> key = OrderDays.key(NODE);
      Dataset<Row> existing = io.read(Tables.ORDER_DAYS);
      Dataset<Row> touched =
          existing.join(
              lines.select(OrderDays.lineKey(NODE)).distinct().as("k"),
              sameKey(existing, key),
              "left_semi");
      Dataset<Row> rows = OrderDays.combine(touched, lines, NODE, rate);
      if (!redo.isEmpty()) {
        Dataset<Row> again =
            keyed(ctx, io.readAt(Tables.BRONZE_TRANSACTIONS, version).where(inRedo));
        rows = rows.unionByName(OrderDays.of(again, NODE, rate));
      }
      // Without a change Delta records no commit (empty commits are skipped), so the watermark
      // stays and the next refresh replays the range: log reads only, and a source with removed
      // data is re-aggregated again, until a change commits.
      if (read > 0 || !redo.isEmpty()) {
        Dataset<Row> audited = TableIO.withAudit(rows, ctx.runId());
        Column on = null;
        for (String k : key) {
          Column eq = TableIO.target(k).eqNullSafe(TableIO.source(k));
          on = on == null ? eq : on.and(eq);
        }
        // Rows of a re-aggregated source absent from its new aggregate are gone from bronze.
        Column scope = redo.isEmpty() ? null : TableIO.target(Cols.SOURCE).isin(redo.toArray());
        TableIO.Merge merge =
            new TableIO.Merge(on, TableIO.contentChanged(audited.schema()), scope);
        io.withCommitMessage(
            watermark(version, signature), () -> io.merge(Tables.ORDER_DAYS, audited, merge));
      }
      String action =
          redo.isEmpty()
              ? "incremental"
              : "incremental, re-aggregated source(s) with removed data: "
                  + String.join(", ", redo);
      return new Outcome(action, version, read);
    } finally {
      lines.unpersist();
    }
  }

  private static Outcome rebuild(
      RunContext ctx, long version, String signature, Double rate, String why) {
    TableIO io = ctx.io();
    Dataset<Row> lines = keyed(ctx, io.readAt(Tables.BRONZE_TRANSACTIONS, version));
    Dataset<Row> rows = TableIO.withAudit(OrderDays.of(lines, NODE, rate), ctx.runId());
    io.withCommitMessage(
        watermark(version, signature), () -> io.overwrite(Tables.ORDER_DAYS, rows, Cols.SOURCE));
    return new Outcome("full (" + why + ")", version, -1);
  }

  /** Bronze lines with the node of their identity record, exactly as the resolver keys them. */
  static Dataset<Row> keyed(RunContext ctx, Dataset<Row> bronze) {
    IdentitySettings s = IdentitySettings.from(ctx.settings().config());
    IdentityRecords.Params p =
        ResolveStage.recordParams(s, Hashing.fromConfig(ctx.settings().config()));
    Dataset<Row> k =
        IdentityRecords.withCustomerSources(
            IdentityRecords.keyTransactions(bronze, p),
            CustomerSources.of(ctx.settings().config()));
    // The node SilverTransactions joins the identity map on; null for an anonymous sale.
    return k.withColumn(
        NODE,
        IdentityRecords.node(col(IdentityRecords.KEY_SOURCE), col(IdentityRecords.RECORD_KEY)));
  }

  /**
   * What the rows depend on besides the lines: the time zone of the line dates, the margin rate,
   * the guest keys' HMAC key and normalisation rules, the customer sources, the layout. A change
   * rebuilds; the digest keeps the key's fingerprint out of the log.
   */
  static String signature(RunContext ctx) {
    var config = ctx.settings().config();
    IdentitySettings s = IdentitySettings.from(config);
    IdentityRecords.Params p = ResolveStage.recordParams(s, Hashing.fromConfig(config));
    String text =
        String.join(
            "\n",
            LAYOUT,
            ctx.spark().conf().get("spark.sql.session.timeZone"),
            String.valueOf(CostSettings.from(config).marginRate()),
            p.hashing().fingerprint(),
            String.valueOf(p.emailRules()),
            String.valueOf(p.phoneRegion()),
            String.valueOf(new java.util.TreeMap<>(CustomerSources.of(config))));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String watermark(long version, String signature) {
    return PREFIX.trim() + " source_version=" + version + " signature=" + signature;
  }

  /** The watermark's version, when it was written under the same signature. */
  private static Optional<long[]> parse(String metadata, String signature) {
    Matcher m = WATERMARK.matcher(metadata);
    if (!m.matches() || !m.group(2).equals(signature)) {
      return Optional.empty();
    }
    return Optional.of(new long[] {Long.parseLong(m.group(1))});
  }

  private static Column sameKey(Dataset<Row> existing, List<String> key) {
    Column on = null;
    for (String k : key) {
      Column eq = existing.col(k).eqNullSafe(col("k." + k));
      on = on == null ? eq : on.and(eq);
    }
    return on;
  }
}

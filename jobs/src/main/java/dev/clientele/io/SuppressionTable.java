package dev.clientele.io;

import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code erasure_suppression} table's writes and the one question ingest asks before using it:
 * which keys its entries were hashed with. Entries written before {@link Cols#KEY_FINGERPRINT}
 * existed have a null fingerprint and count as made with the warehouse's key.
 */
public final class SuppressionTable {
  private SuppressionTable() {}

  /** Appends entries, first adding the fingerprint column to a table written without it. */
  public static long append(TableIO io, Dataset<Row> entries) {
    String t = Tables.ERASURE_SUPPRESSION;
    if (io.exists(t) && !List.of(io.read(t).columns()).contains(Cols.KEY_FINGERPRINT)) {
      io.sql(
          t,
          "ALTER TABLE "
              + io.sqlName(t)
              + " ADD COLUMNS ("
              + SqlText.ident(Cols.KEY_FINGERPRINT)
              + " STRING)");
    }
    return io.append(t, entries);
  }

  /** The distinct non-null key fingerprints of the entries; empty when there is no table. */
  public static Set<String> fingerprints(Dataset<Row> suppression) {
    Set<String> out = new TreeSet<>();
    if (suppression == null || !List.of(suppression.columns()).contains(Cols.KEY_FINGERPRINT)) {
      return out;
    }
    // A handful of distinct values: one per key the warehouse ever had.
    for (Row r :
        suppression
            .select(Cols.KEY_FINGERPRINT)
            .where(suppression.col(Cols.KEY_FINGERPRINT).isNotNull())
            .distinct()
            .collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }
}

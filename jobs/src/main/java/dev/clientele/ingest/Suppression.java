package dev.clientele.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.clientele.identity.Hashing;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies the erasure suppression list: a row of an erased person (by hashed source key or hashed
 * identifier) is not accepted again. It is counted in quarantine with reason {@code erased} and no
 * raw row, so the reconciliation holds and no personal data comes back.
 */
final class Suppression {
  static final String REASON = "erased";

  private Suppression() {}

  /**
   * @param suppressed the {@code erasure_suppression} table (identifier_hash, kind), small: one row
   *     per erased identifier; null when nothing was ever erased
   */
  static Dataset<Row> mark(
      Dataset<Row> rows, Dataset<Row> suppressed, Hashing hashing, String source) {
    if (suppressed == null) {
      return rows;
    }
    Dataset<Row> hashes = broadcast(suppressed.select("identifier_hash").distinct());
    List<String> present = Arrays.asList(rows.columns());
    List<Column> candidates = new ArrayList<>();
    if (present.contains(Cols.CUSTOMER_KEY)) {
      candidates.add(hashing.hmacHex(concat_ws("|", lit(source), col(Cols.CUSTOMER_KEY))));
    }
    for (String c : List.of(Cols.EMAIL, Cols.PHONE, Cols.LOYALTY_ID)) {
      if (present.contains(c)) {
        candidates.add(hashing.hmacHex(lower(trim(col(c)))));
      }
    }
    Column hit = lit(false);
    Dataset<Row> marked = rows;
    for (int i = 0; i < candidates.size(); i++) {
      String h = "_suppress_h" + i;
      String m = "_suppress_m" + i;
      marked =
          marked
              .withColumn(h, candidates.get(i))
              .join(hashes.withColumnRenamed("identifier_hash", m), col(h).equalTo(col(m)), "left")
              .drop(h);
      hit = hit.or(col(m).isNotNull());
    }
    // Erased wins over every other reason: a quarantined copy must not keep the raw row either.
    marked =
        marked
            .withColumn(
                SourceMapping.DETAIL,
                when(hit, lit("the person was erased (erasure_suppression)"))
                    .otherwise(col(SourceMapping.DETAIL)))
            .withColumn(
                SourceMapping.REASON, when(hit, lit(REASON)).otherwise(col(SourceMapping.REASON)));
    for (int i = 0; i < candidates.size(); i++) {
      marked = marked.drop("_suppress_m" + i);
    }
    return marked;
  }
}

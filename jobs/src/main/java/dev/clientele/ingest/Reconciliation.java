package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;

import dev.clientele.Errors;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** One source's counts for a run: read = accepted + quarantined, with the reasons. */
public record Reconciliation(
    String source,
    long read,
    long accepted,
    Map<String, Long> reasons,
    int filesRead,
    int filesSkipped) {

  /** Counts an evaluated batch (null: no new file). One pass; the result is one row per reason. */
  public static Reconciliation of(String source, Dataset<Row> rows, int filesRead, int skipped) {
    Map<String, Long> reasons = new TreeMap<>();
    long read = 0;
    long accepted = 0;
    if (rows != null) {
      // One row per reason code (null = accepted): a dozen rows at most.
      for (Row r : rows.groupBy(col(SourceMapping.REASON)).count().collectAsList()) {
        long n = r.getLong(1);
        read += n;
        if (r.isNullAt(0)) {
          accepted += n;
        } else {
          reasons.put(r.getString(0), n);
        }
      }
    }
    return new Reconciliation(source, read, accepted, reasons, filesRead, skipped);
  }

  public long quarantined() {
    return read - accepted;
  }

  public double share() {
    return read == 0 ? 0.0 : (double) quarantined() / read;
  }

  /**
   * The share of rows quarantined for their data: rows an erasure suppresses (reason {@value
   * Suppression#REASON}) are neither bad data nor kept, so they are left out of both sides; a small
   * source whose rows belong to erased people does not fail the gate.
   */
  public double badShare() {
    long erased = reasons.getOrDefault(Suppression.REASON, 0L);
    long considered = read - erased;
    return considered == 0 ? 0.0 : (double) (quarantined() - erased) / considered;
  }

  /** Fails the run, before anything is written, when too much of the source is bad data. */
  public void checkGate(double maxShare) {
    if (badShare() > maxShare) {
      throw Errors.qualityGate(
          String.format(
              Locale.ROOT,
              "source '%s' quarantined %d of %d rows (share of bad rows %.3f >"
                  + " clientele.ingest.max-quarantine-share %.3f); reasons %s; nothing was written",
              source,
              quarantined(),
              read,
              badShare(),
              maxShare,
              reasons));
    }
  }

  /** The run summary's shape: read, accepted, quarantined, reasons (plus file counts). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("read", read);
    m.put("accepted", accepted);
    m.put("quarantined", quarantined());
    m.put("reasons", reasons);
    m.put("files_read", filesRead);
    m.put("files_skipped", filesSkipped);
    return m;
  }
}

package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;

import dev.clientele.Errors;
import dev.clientele.io.TableIO;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An audience for campaign tools: the marketable members of one segment of a published snapshot, as
 * customer_id and the keyed hashes of e-mail and phone. Never raw personal data. Marketable is
 * taken from the current profile, so a consent withdrawn since the snapshot is honoured.
 */
public final class SegmentExport {
  private SegmentExport() {}

  /** customer_id, email_hash, phone_hash of the marketable members. */
  public static Dataset<Row> members(
      Dataset<Row> segments, Dataset<Row> profiles, String family, String segment) {
    Dataset<Row> marketable =
        profiles
            .where(col(Cols.IS_MARKETABLE).equalTo(true))
            .select(col(Cols.CUSTOMER_ID), col("email_hash"), col("phone_hash"));
    return segments
        .where(col("family").equalTo(family).and(col("segment").equalTo(segment)))
        .select(Cols.CUSTOMER_ID)
        .distinct()
        .join(marketable, Cols.CUSTOMER_ID);
  }

  /** The snapshot to export: the given date if published, else the latest published. */
  public static LocalDate snapshot(TableIO io, LocalDate asOf) {
    return PublishedSnapshots.atOrBefore(io, asOf)
        .filter(d -> asOf == null || d.equals(asOf))
        .orElseThrow(
            () ->
                Errors.input(
                    asOf == null
                        ? "no published snapshot of customer_segments; run 'segment' or 'pipeline'"
                            + " first"
                        : "customer_segments has no published snapshot " + asOf));
  }

  /** Fails when the segment does not exist in the snapshot, listing the family's segments. */
  public static void requireSegment(Dataset<Row> segments, String family, String segment) {
    Dataset<Row> ofFamily = segments.where(col("family").equalTo(family));
    if (!ofFamily.where(col("segment").equalTo(segment)).isEmpty()) {
      return;
    }
    // The segment names of one family: a short list.
    List<String> known =
        ofFamily
            .select("segment")
            .distinct()
            .orderBy("segment")
            .limit(50)
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    throw Errors.input(
        "segment '"
            + segment
            + "' of family '"
            + family
            + "' is not in "
            + Tables.CUSTOMER_SEGMENTS
            + (known.isEmpty() ? "; the family does not exist" : "; its segments: " + known));
  }
}

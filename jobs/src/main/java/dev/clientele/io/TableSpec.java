package dev.clientele.io;

import java.util.List;
import java.util.Map;

/**
 * What the catalogue knows about one table: where it sits, how it is written and what it means.
 *
 * @param name table name (the directory under the warehouse)
 * @param layer bronze, silver, gold or ops
 * @param kind how the table is written, which decides retention and the {@code _current} view
 * @param keys the columns that identify a row
 * @param partitionColumns Delta partition columns, outermost first
 * @param comment the table comment
 * @param columns comments of the columns specific to this table (shared ones are in {@link
 *     ColumnDocs})
 */
public record TableSpec(
    String name,
    Layer layer,
    Kind kind,
    List<String> keys,
    List<String> partitionColumns,
    String comment,
    Map<String, String> columns) {

  /** Medallion layer of a table. */
  public enum Layer {
    BRONZE,
    SILVER,
    GOLD,
    OPS
  }

  /** How a table is written. */
  public enum Kind {
    /** One partition per snapshot_date, rewritten with replaceWhere; retention applies. */
    SNAPSHOT,
    /** The latest state, upserted with MERGE or replaced in one commit. */
    CURRENT_STATE,
    /** An append-only log. */
    APPEND
  }

  public boolean isSnapshot() {
    return kind == Kind.SNAPSHOT;
  }

  /**
   * Whether the table holds raw personal data (README "Privacy"); BI leaves these out by default.
   */
  public boolean holdsPersonalData() {
    return TableSpecs.PERSONAL_DATA.contains(name);
  }

  /** The comment of a column: this table's own, then the shared dictionary; null if unknown. */
  public String columnComment(String column) {
    String own = columns.get(column);
    return own != null ? own : ColumnDocs.comment(column);
  }
}

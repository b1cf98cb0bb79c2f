package dev.clientele.io;

import java.util.List;
import java.util.Map;

/**
 * What the catalogue knows about one table: where it sits, how it is written, what it means and
 * whether it is about people.
 *
 * <p>Two privacy flags, read by erasure, Delta statistics, the PII leak test and BI registration:
 * {@link #keyedByPerson()} says a row belongs to one person (found by customer_id, a source
 * customer_key or a record of one), so erasing a person reaches the table; a column's {@link
 * Data#PERSONAL} says it holds personal data itself (contact details, names, birth date, address,
 * keyed hashes of e-mail or phone, raw rows). Pseudonymous keys (customer_id, customer_key) are not
 * personal columns: they are what the person flag is about, and statistics on customer_id are what
 * lets a lookup of one customer skip files.
 *
 * @param name table name (the directory under the warehouse)
 * @param layer bronze, silver, gold or ops
 * @param kind how the table is written, which decides retention and the {@code _current} view
 * @param keys the columns that identify a row
 * @param partitionColumns Delta partition columns, outermost first
 * @param comment the table comment
 * @param columns comments of the columns specific to this table (shared ones are in {@link
 *     ColumnDocs})
 * @param subject whether rows are keyed by a person
 * @param classified every column the catalogue lists, personal or not, in declaration order
 * @param properties Delta table properties the table is created with and kept at (e.g. {@code
 *     delta.enableChangeDataFeed}), beside the comment and statistics properties
 */
public record TableSpec(
    String name,
    Layer layer,
    Kind kind,
    List<String> keys,
    List<String> partitionColumns,
    String comment,
    Map<String, String> columns,
    Subject subject,
    Map<String, Data> classified,
    Map<String, String> properties) {

  /** A table with no table properties of its own. */
  public TableSpec(
      String name,
      Layer layer,
      Kind kind,
      List<String> keys,
      List<String> partitionColumns,
      String comment,
      Map<String, String> columns,
      Subject subject,
      Map<String, Data> classified) {
    this(
        name, layer, kind, keys, partitionColumns, comment, columns, subject, classified, Map.of());
  }

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

  /** Whether a table's rows belong to individual people. */
  public enum Subject {
    PERSON,
    NOT_PERSON
  }

  /** Whether a column holds personal data itself. */
  public enum Data {
    PERSONAL,
    NOT_PERSONAL
  }

  public boolean isSnapshot() {
    return kind == Kind.SNAPSHOT;
  }

  /** Whether erasing a person has to reach this table. */
  public boolean keyedByPerson() {
    return subject == Subject.PERSON;
  }

  /**
   * Whether the table holds raw personal data (README "Privacy"): some column is {@link
   * Data#PERSONAL}. BI leaves these out by default.
   */
  public boolean holdsPersonalData() {
    return classified.containsValue(Data.PERSONAL);
  }

  /** The columns holding personal data, in declaration order. */
  public List<String> personalColumns() {
    return classified.entrySet().stream()
        .filter(e -> e.getValue() == Data.PERSONAL)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The comment of a column: this table's own, then the shared dictionary; null if unknown. */
  public String columnComment(String column) {
    String own = columns.get(column);
    return own != null ? own : ColumnDocs.comment(column);
  }
}

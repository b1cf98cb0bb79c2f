package dev.clientele.io;

/**
 * The one place a value becomes SQL text, for the statements Spark and Delta take as text only (DDL
 * comments and properties, views, {@code replaceWhere}, SQLTransformer). Everything else uses
 * {@code Column} predicates.
 */
public final class SqlText {
  private SqlText() {}

  /**
   * A Spark SQL string literal: quoted, backslashes and quotes escaped the way Spark reads them.
   */
  public static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A back-quoted identifier (table, column or database name). */
  public static String ident(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}

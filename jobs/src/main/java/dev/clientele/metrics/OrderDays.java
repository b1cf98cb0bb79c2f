package dev.clientele.metrics;

import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.CATEGORY_GROSS;
import static dev.clientele.schema.Cols.CHANNEL;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.CUSTOMER_KEY;
import static dev.clientele.schema.Cols.EVENT_TS;
import static dev.clientele.schema.Cols.FIRST_LINE_CHANNEL;
import static dev.clientele.schema.Cols.FIRST_LINE_STORE_ID;
import static dev.clientele.schema.Cols.FIRST_LINE_TS;
import static dev.clientele.schema.Cols.GROSS_AMOUNT;
import static dev.clientele.schema.Cols.GROSS_ONLINE_AMOUNT;
import static dev.clientele.schema.Cols.HAS_RETURN;
import static dev.clientele.schema.Cols.IS_RETURN;
import static dev.clientele.schema.Cols.LINE_COUNT;
import static dev.clientele.schema.Cols.LINE_DATE;
import static dev.clientele.schema.Cols.MARGIN;
import static dev.clientele.schema.Cols.MARGIN_KNOWN;
import static dev.clientele.schema.Cols.MARGIN_KNOWN_AMOUNT;
import static dev.clientele.schema.Cols.MARGIN_SCORED;
import static dev.clientele.schema.Cols.NET_AMOUNT;
import static dev.clientele.schema.Cols.NODE;
import static dev.clientele.schema.Cols.ORDER_ID;
import static dev.clientele.schema.Cols.PRODUCT_CATEGORY;
import static dev.clientele.schema.Cols.QUANTITY;
import static dev.clientele.schema.Cols.QUANTITY_TOTAL;
import static dev.clientele.schema.Cols.SOURCE;
import static dev.clientele.schema.Cols.STORE_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.clientele.identity.IdentityRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The compact per-day order aggregate (docs/metrics.md "Order days"): one row per source, person
 * (the identity record node in the order_days table), order id and line date, carrying every figure
 * score, clv and the feature view take from order lines. Each figure is a sum, a min or a max, so
 * rows of the same key combine exactly: an order whose return arrives days later has one row per
 * day, netted per order by the metrics as the lines were; a batch of new lines merges into the
 * existing rows of its keys. Line dates are calendar dates in the session time zone (the job sets
 * it to {@code clientele.time-zone}), so a snapshot's day-aligned window keeps or drops whole rows,
 * as it kept or dropped their lines.
 */
public final class OrderDays {
  /** Sums of money lines: decimal(18,2) summed, as Spark types a line-level sum. */
  static final DataType MONEY_SUM = DataTypes.createDecimalType(28, 2);

  private static final String CATEGORY = "_category";
  private static final String CATEGORY_AMOUNT = "_category_amount";
  private static final String FIRST = "_first";

  /** The line columns an aggregate reads; a frame lacking one reads it as null. */
  private static final StructType LINE_COLUMNS =
      new StructType()
          .add(SOURCE, DataTypes.StringType)
          .add(CHANNEL, DataTypes.StringType)
          .add(EVENT_TS, DataTypes.TimestampType)
          .add(QUANTITY, DataTypes.DoubleType)
          .add(AMOUNT_BASE, DataTypes.createDecimalType(18, 2))
          .add(MARGIN, DataTypes.createDecimalType(18, 2))
          .add(STORE_ID, DataTypes.StringType)
          .add(PRODUCT_CATEGORY, DataTypes.StringType)
          .add(IS_RETURN, DataTypes.BooleanType);

  private OrderDays() {}

  /** The key of a row, with {@code person} the node (order_days) or the customer id. */
  public static List<String> key(String person) {
    return List.of(SOURCE, person, ORDER_ID, LINE_DATE);
  }

  /**
   * Order lines to order-day rows. {@code person} names the lines' person column (node or
   * customer_id, null for an anonymous sale); {@code marginRate} is clientele.costs.margin-rate,
   * applied per line like {@link NetValue#lineMargins} (null: none).
   */
  public static Dataset<Row> of(Dataset<Row> lines, String person, Double marginRate) {
    return finish(groups(lines, person, marginRate), person);
  }

  /**
   * Existing order-day rows and new lines to the rows of their keys: the combination of a row with
   * the lines added since equals the aggregate of all its lines.
   */
  public static Dataset<Row> combine(
      Dataset<Row> existing, Dataset<Row> newLines, String person, Double marginRate) {
    Dataset<Row> all = unfold(existing, person).unionByName(groups(newLines, person, marginRate));
    return finish(regroup(all, person), person);
  }

  /** Lines to one row per key and product category (null category: its own group). */
  static Dataset<Row> groups(Dataset<Row> lines, String person, Double marginRate) {
    Dataset<Row> l = withLineColumns(lines).where(col(EVENT_TS).isNotNull());
    Column amount = col(AMOUNT_BASE);
    Column positive = amount.gt(0);
    List<Column> by = new ArrayList<>(keyColumns(person, to_date(col(EVENT_TS))));
    by.add(col(PRODUCT_CATEGORY).as(CATEGORY));
    return l.groupBy(by.toArray(Column[]::new))
        .agg(
            count(lit(1)).as(LINE_COUNT),
            money(sum(amount)).as(NET_AMOUNT),
            money(sum(when(positive, amount))).as(GROSS_AMOUNT),
            money(sum(when(positive.and(col(CHANNEL).equalTo("online")), amount)))
                .as(GROSS_ONLINE_AMOUNT),
            money(sum(MARGIN)).as(MARGIN_KNOWN),
            money(sum(when(col(MARGIN).isNotNull(), amount))).as(MARGIN_KNOWN_AMOUNT),
            money(sum(NetValue.lineMargin(col(MARGIN), amount, marginRate))).as(MARGIN_SCORED),
            sum(QUANTITY).as(QUANTITY_TOTAL),
            min(struct(col(EVENT_TS), col(CHANNEL), col(STORE_ID))).as(FIRST),
            max(coalesce(col(IS_RETURN), amount.lt(0))).as(HAS_RETURN),
            money(sum(when(positive, amount))).as(CATEGORY_AMOUNT));
  }

  /** Group rows of the same key and category (from {@link #unfold} and new lines) summed. */
  static Dataset<Row> regroup(Dataset<Row> groups, String person) {
    List<Column> by = new ArrayList<>(keyColumns(person, col(LINE_DATE)));
    by.add(col(CATEGORY));
    return groups
        .groupBy(by.toArray(Column[]::new))
        .agg(
            sum(LINE_COUNT).as(LINE_COUNT),
            money(sum(NET_AMOUNT)).as(NET_AMOUNT),
            money(sum(GROSS_AMOUNT)).as(GROSS_AMOUNT),
            money(sum(GROSS_ONLINE_AMOUNT)).as(GROSS_ONLINE_AMOUNT),
            money(sum(MARGIN_KNOWN)).as(MARGIN_KNOWN),
            money(sum(MARGIN_KNOWN_AMOUNT)).as(MARGIN_KNOWN_AMOUNT),
            money(sum(MARGIN_SCORED)).as(MARGIN_SCORED),
            sum(QUANTITY_TOTAL).as(QUANTITY_TOTAL),
            min(FIRST).as(FIRST),
            max(HAS_RETURN).as(HAS_RETURN),
            money(sum(CATEGORY_AMOUNT)).as(CATEGORY_AMOUNT));
  }

  /** Group rows to order-day rows: the key's groups summed, the categories' gross in a map. */
  static Dataset<Row> finish(Dataset<Row> groups, String person) {
    Column entry =
        when(
            col(CATEGORY).isNotNull().and(col(CATEGORY_AMOUNT).isNotNull()),
            struct(col(CATEGORY), col(CATEGORY_AMOUNT)));
    Column first = min(FIRST);
    return groups
        .groupBy(key(person).stream().map(c -> col(c)).toArray(Column[]::new))
        .agg(
            sum(LINE_COUNT).as(LINE_COUNT),
            money(sum(NET_AMOUNT)).as(NET_AMOUNT),
            money(sum(GROSS_AMOUNT)).as(GROSS_AMOUNT),
            money(sum(GROSS_ONLINE_AMOUNT)).as(GROSS_ONLINE_AMOUNT),
            money(sum(MARGIN_KNOWN)).as(MARGIN_KNOWN),
            money(sum(MARGIN_KNOWN_AMOUNT)).as(MARGIN_KNOWN_AMOUNT),
            money(sum(MARGIN_SCORED)).as(MARGIN_SCORED),
            sum(QUANTITY_TOTAL).as(QUANTITY_TOTAL),
            first.getField(EVENT_TS).as(FIRST_LINE_TS),
            first.getField(CHANNEL).as(FIRST_LINE_CHANNEL),
            first.getField(STORE_ID).as(FIRST_LINE_STORE_ID),
            max(HAS_RETURN).as(HAS_RETURN),
            // collect_list skips the nulls: categories with a gross amount only; one entry each.
            map_from_entries(collect_list(entry)).as(CATEGORY_GROSS));
  }

  /**
   * Order-day rows back to group rows: one row of the figures (no category) and one per category
   * with only its gross amount, which {@link #regroup} sums with new lines' groups.
   */
  static Dataset<Row> unfold(Dataset<Row> orderDays, String person) {
    List<Column> k = keyColumns(person, col(LINE_DATE));
    List<Column> figures = new ArrayList<>(k);
    figures.add(lit(null).cast(DataTypes.StringType).as(CATEGORY));
    figures.addAll(
        List.of(
            col(LINE_COUNT),
            col(NET_AMOUNT),
            col(GROSS_AMOUNT),
            col(GROSS_ONLINE_AMOUNT),
            col(MARGIN_KNOWN),
            col(MARGIN_KNOWN_AMOUNT),
            col(MARGIN_SCORED),
            col(QUANTITY_TOTAL),
            struct(
                    col(FIRST_LINE_TS).as(EVENT_TS),
                    col(FIRST_LINE_CHANNEL).as(CHANNEL),
                    col(FIRST_LINE_STORE_ID).as(STORE_ID))
                .as(FIRST),
            col(HAS_RETURN),
            lit(null).cast(MONEY_SUM).as(CATEGORY_AMOUNT)));
    Dataset<Row> withFigures = orderDays.select(figures.toArray(Column[]::new));
    Dataset<Row> exploded =
        orderDays.select(
            Stream.concat(k.stream(), Stream.of(explode(col(CATEGORY_GROSS))))
                .toArray(Column[]::new));
    List<Column> categories = new ArrayList<>(keyColumns(person, col(LINE_DATE)));
    categories.add(col("key").as(CATEGORY));
    for (var f : withFigures.schema().fields()) {
      if (!Arrays.asList(SOURCE, person, ORDER_ID, LINE_DATE, CATEGORY, CATEGORY_AMOUNT)
          .contains(f.name())) {
        categories.add(lit(null).cast(f.dataType()).as(f.name()));
      }
    }
    categories.add(col("value").cast(MONEY_SUM).as(CATEGORY_AMOUNT));
    return withFigures.unionByName(exploded.select(categories.toArray(Column[]::new)));
  }

  /**
   * Order-day rows with the customer_id of their node in the identity map (null: anonymous, or a
   * node the map does not know), joined exactly as the silver transactions join their lines.
   */
  public static Dataset<Row> resolve(Dataset<Row> orderDays, Dataset<Row> identityMap) {
    Dataset<Row> ids =
        identityMap.select(
            IdentityRecords.node(col(SOURCE), col(CUSTOMER_KEY)).as("_m_node"), col(CUSTOMER_ID));
    return orderDays.join(ids, col(NODE).equalTo(col("_m_node")), "left").drop("_m_node");
  }

  /**
   * Customer order days as order lines for the line-level metrics (orders, daily nets, windows):
   * one pseudo-line per row, at its first line's instant and channel, worth its net, with the
   * scored margin and the number of lines it stands for. Sums, firsts and the return flag over
   * these equal those over the real lines, since each is a sum, a min or a max.
   */
  public static Dataset<Row> asLines(Dataset<Row> customerOrderDays) {
    return customerOrderDays.select(
        col(CUSTOMER_ID),
        col(SOURCE),
        col(ORDER_ID),
        col(FIRST_LINE_TS).as(EVENT_TS),
        col(NET_AMOUNT).as(AMOUNT_BASE),
        col(MARGIN_SCORED).as(MARGIN),
        col(FIRST_LINE_CHANNEL).as(CHANNEL),
        col(HAS_RETURN).as(IS_RETURN),
        col(LINE_COUNT));
  }

  /**
   * The lines that carry a margin, as pseudo-lines (margin and revenue of those lines only), for
   * the clv margin rates ({@code ClvMargins}); rows without any such line are left out.
   */
  public static Dataset<Row> asMarginLines(Dataset<Row> customerOrderDays) {
    return customerOrderDays
        .where(col(MARGIN_KNOWN).isNotNull())
        .select(
            col(CUSTOMER_ID),
            col(FIRST_LINE_TS).as(EVENT_TS),
            col(MARGIN_KNOWN).as(MARGIN),
            col(MARGIN_KNOWN_AMOUNT).as(AMOUNT_BASE));
  }

  /** The key of the row each line belongs to. */
  static Column[] lineKey(String person) {
    return keyColumns(person, to_date(col(EVENT_TS))).toArray(Column[]::new);
  }

  private static List<Column> keyColumns(String person, Column date) {
    return List.of(col(SOURCE), col(person), col(ORDER_ID), date.as(LINE_DATE));
  }

  private static Column money(Column c) {
    return c.cast(MONEY_SUM);
  }

  private static Dataset<Row> withLineColumns(Dataset<Row> lines) {
    List<String> have = Arrays.asList(lines.columns());
    Dataset<Row> out = lines;
    for (var f : LINE_COLUMNS.fields()) {
      if (!have.contains(f.name())) {
        out = out.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    return out;
  }
}

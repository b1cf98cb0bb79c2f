package dev.clientele.schema;

import dev.clientele.Errors;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical bronze schemas (README "Canonical model"): the exact column order and types ingest
 * writes, which columns a mapping may target and which must be mapped per kind.
 */
public final class CanonicalModel {
  private CanonicalModel() {}

  /** What a source holds; decides its bronze table and its required columns. */
  public enum Kind {
    TRANSACTIONS,
    CUSTOMERS,
    EVENTS,
    COSTS,
    PAYMENTS,
    SURVEYS;

    public static Kind parse(String value, String source) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Errors.config(
            "source '"
                + source
                + "': kind '"
                + value
                + "' is not one of transactions, customers, events, costs, payments, surveys");
      }
    }

    public String table() {
      return "bronze_" + name().toLowerCase(Locale.ROOT);
    }
  }

  private static final DataType MONEY = DataTypes.createDecimalType(18, 2);
  private static final DataType PRICE = DataTypes.createDecimalType(18, 4);
  private static final DataType S = DataTypes.StringType;
  private static final DataType TS = DataTypes.TimestampType;
  private static final DataType B = DataTypes.BooleanType;

  /** Lineage and audit columns appended to every bronze table, in this order. */
  public static final StructType LINEAGE =
      new StructType()
          .add(Cols.INGEST_FILE, S)
          .add(Cols.INGEST_TS, TS)
          .add(Cols.RUN_ID, S)
          .add(Cols.COMPUTED_AT_TS, TS);

  public static final StructType TRANSACTIONS =
      new StructType()
          .add(Cols.SOURCE, S)
          .add(Cols.CHANNEL, S)
          .add(Cols.ORDER_ID, S)
          .add(Cols.LINE_ID, S)
          .add(Cols.CUSTOMER_KEY, S)
          .add(Cols.EMAIL, S)
          .add(Cols.PHONE, S)
          .add(Cols.LOYALTY_ID, S)
          .add(Cols.EVENT_TS, TS)
          .add(Cols.QUANTITY, DataTypes.DoubleType)
          .add(Cols.UNIT_PRICE, PRICE)
          .add(Cols.AMOUNT, MONEY)
          .add(Cols.CURRENCY, S)
          .add(Cols.AMOUNT_BASE, MONEY)
          .add(Cols.MARGIN, MONEY)
          .add(Cols.STORE_ID, S)
          .add(Cols.PRODUCT_ID, S)
          .add(Cols.PRODUCT_CATEGORY, S)
          .add(Cols.IS_RETURN, B)
          .add(Cols.IS_ANONYMOUS, B);

  public static final StructType CUSTOMERS =
      new StructType()
          .add(Cols.SOURCE, S)
          .add(Cols.CHANNEL, S)
          .add(Cols.CUSTOMER_KEY, S)
          .add(Cols.EMAIL, S)
          .add(Cols.PHONE, S)
          .add(Cols.LOYALTY_ID, S)
          .add(Cols.FIRST_NAME, S)
          .add(Cols.LAST_NAME, S)
          .add(Cols.BIRTH_DATE, DataTypes.DateType)
          .add(Cols.GENDER, S)
          .add(Cols.ADDRESS_LINE, S)
          .add(Cols.POSTCODE, S)
          .add(Cols.CITY, S)
          .add(Cols.REGION, S)
          .add(Cols.COUNTRY, S)
          .add(Cols.URBAN_RURAL, S)
          .add(Cols.CUSTOMER_TYPE, S)
          .add(Cols.RELATIONSHIP, S)
          .add(Cols.CONSENT_EMAIL, B)
          .add(Cols.CONSENT_SMS, B)
          .add(Cols.SATISFACTION_SCORE, DataTypes.DoubleType)
          .add(Cols.PAYMENT_INCIDENTS, DataTypes.IntegerType)
          .add(Cols.INCOME_BAND, S)
          .add(Cols.CREATED_TS, TS)
          .add(Cols.UPDATED_TS, TS);

  public static final StructType EVENTS =
      new StructType()
          .add(Cols.SOURCE, S)
          .add(Cols.CHANNEL, S)
          .add(Cols.CUSTOMER_KEY, S)
          .add(Cols.DEVICE_ID, S)
          .add(Cols.EVENT_TS, TS)
          .add(Cols.PAGE_CATEGORY, S);

  /**
   * Marketing, acquisition or service costs (issue 20, point 2): keyed by a customer (theirs) or by
   * a channel and/or campaign (spread over the channel's buyers of the month by the score stage).
   */
  public static final StructType COSTS =
      new StructType()
          .add(Cols.SOURCE, S)
          .add(Cols.COST_DATE, DataTypes.DateType)
          .add(Cols.AMOUNT, MONEY)
          .add(Cols.CURRENCY, S)
          .add(Cols.AMOUNT_BASE, MONEY)
          .add(Cols.COST_TYPE, S)
          .add(Cols.CUSTOMER_KEY, S)
          .add(Cols.CHANNEL, S)
          .add(Cols.CAMPAIGN, S);

  /**
   * What a customer was asked to pay and when it was paid (issue 20, point 5): invoices, direct
   * debits, instalments. An unpaid one has no paid_date.
   */
  public static final StructType PAYMENTS =
      new StructType()
          .add(Cols.SOURCE, S)
          .add(Cols.CHANNEL, S)
          .add(Cols.CUSTOMER_KEY, S)
          .add(Cols.PAYMENT_ID, S)
          .add(Cols.DUE_DATE, DataTypes.DateType)
          .add(Cols.PAID_DATE, DataTypes.DateType)
          .add(Cols.AMOUNT, MONEY)
          .add(Cols.CURRENCY, S)
          .add(Cols.AMOUNT_BASE, MONEY);

  /** Survey answers (issue 20, point 5): a satisfaction score and/or a 0-10 NPS answer. */
  public static final StructType SURVEYS =
      new StructType()
          .add(Cols.SOURCE, S)
          .add(Cols.CHANNEL, S)
          .add(Cols.CUSTOMER_KEY, S)
          .add(Cols.SURVEY_ID, S)
          .add(Cols.RESPONSE_DATE, DataTypes.DateType)
          .add(Cols.SATISFACTION, DataTypes.DoubleType)
          .add(Cols.NPS_SCORE, DataTypes.IntegerType);

  public static final String REASON = Cols.REASON;
  public static final String DETAIL = Cols.DETAIL;
  public static final String RAW_ROW = Cols.RAW_ROW;

  public static final StructType QUARANTINE =
      new StructType()
          .add(Cols.SOURCE, S)
          .add(Cols.RUN_ID, S)
          .add(REASON, S)
          .add(DETAIL, S)
          .add(RAW_ROW, S)
          .add(Cols.INGEST_FILE, S)
          .add(Cols.INGEST_TS, TS)
          .add(Cols.COMPUTED_AT_TS, TS);

  /** The data columns of a kind (without lineage). */
  public static StructType data(Kind kind) {
    return switch (kind) {
      case TRANSACTIONS -> TRANSACTIONS;
      case CUSTOMERS -> CUSTOMERS;
      case EVENTS -> EVENTS;
      case COSTS -> COSTS;
      case PAYMENTS -> PAYMENTS;
      case SURVEYS -> SURVEYS;
    };
  }

  /** The full bronze schema of a kind: data columns then lineage. */
  public static StructType bronze(Kind kind) {
    StructType s = data(kind);
    for (StructField f : LINEAGE.fields()) {
      s = s.add(f);
    }
    return s;
  }

  /** Columns filled by the stage itself, never by a mapping. */
  public static final Set<String> DERIVED =
      Set.of(Cols.SOURCE, Cols.CHANNEL, Cols.AMOUNT_BASE, Cols.IS_RETURN, Cols.IS_ANONYMOUS);

  /**
   * Whether the stage fills a column of a kind: a cost's channel is the row's, not the source's.
   */
  public static boolean derived(Kind kind, String column) {
    return DERIVED.contains(column) && !(kind == Kind.COSTS && Cols.CHANNEL.equals(column));
  }

  /** Canonical columns a mapping must name, per kind (others may be derived or left null). */
  public static List<String> requiredMapped(Kind kind, boolean synthesisedOrderId) {
    return switch (kind) {
      case TRANSACTIONS ->
          synthesisedOrderId
              ? List.of(Cols.CUSTOMER_KEY, Cols.EVENT_TS, Cols.AMOUNT)
              : List.of(Cols.ORDER_ID, Cols.EVENT_TS, Cols.AMOUNT);
      case CUSTOMERS -> List.of(Cols.CUSTOMER_KEY);
      case EVENTS -> List.of(Cols.EVENT_TS);
      case COSTS -> List.of(Cols.COST_DATE, Cols.AMOUNT);
      case PAYMENTS -> List.of(Cols.CUSTOMER_KEY, Cols.DUE_DATE, Cols.AMOUNT);
      case SURVEYS -> List.of(Cols.CUSTOMER_KEY, Cols.RESPONSE_DATE);
    };
  }

  /** Columns that must hold a value in every accepted row, per kind. */
  public static List<String> requiredValues(Kind kind) {
    return switch (kind) {
      case TRANSACTIONS -> List.of(Cols.ORDER_ID, Cols.LINE_ID, Cols.EVENT_TS, Cols.AMOUNT);
      case CUSTOMERS -> List.of(Cols.CUSTOMER_KEY);
      case EVENTS -> List.of(Cols.EVENT_TS);
      case COSTS -> List.of(Cols.COST_DATE, Cols.AMOUNT);
      case PAYMENTS -> List.of(Cols.CUSTOMER_KEY, Cols.DUE_DATE, Cols.AMOUNT);
      case SURVEYS -> List.of(Cols.CUSTOMER_KEY, Cols.RESPONSE_DATE);
    };
  }

  /** Whether rows of a kind carry money to convert to the base currency (amount_base). */
  public static boolean hasAmounts(Kind kind) {
    return kind == Kind.TRANSACTIONS || kind == Kind.COSTS || kind == Kind.PAYMENTS;
  }
}

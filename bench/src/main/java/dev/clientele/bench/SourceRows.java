package dev.clientele.bench;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The raw rows of each source for one person, as the source systems would write them, each with the
 * hidden truth columns {@code _key}, {@code _person_id} and {@code _bad} (dropped from the source
 * files, kept in truth/).
 */
final class SourceRows {
  static final DateTimeFormatter ISO_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  static final DateTimeFormatter POS_TS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
  static final DateTimeFormatter FR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  static final String[] PAGES = {"home", "search", "product", "cart", "checkout", "account"};

  private SourceRows() {}

  static StructType strings(String... names) {
    StructType t = new StructType();
    for (String n : names) {
      t = t.add(n, DataTypes.StringType);
    }
    return t.add("_key", DataTypes.StringType)
        .add("_person_id", DataTypes.StringType)
        .add("_bad", DataTypes.BooleanType);
  }

  static final StructType ACCOUNTS =
      strings(
          "account_id",
          "email",
          "first_name",
          "last_name",
          "phone",
          "birth_date",
          "gender",
          "postcode",
          "city",
          "region",
          "country",
          "urban_rural",
          "loyalty_card",
          "consent_email",
          "created_at");
  static final StructType CARDS =
      strings(
          "card_no",
          "first_name",
          "last_name",
          "email",
          "phone",
          "birth_date",
          "postcode",
          "city",
          "region",
          "enrolled_on",
          "sms_optin");
  static final StructType WEB_ORDERS =
      strings(
          "order_id",
          "line_no",
          "account_id",
          "order_ts",
          "sku",
          "category",
          "qty",
          "unit_price",
          "amount",
          "currency",
          "status");
  static final StructType RECEIPTS =
      strings(
          "receipt_id",
          "line",
          "store",
          "card_no",
          "date",
          "article",
          "category",
          "qty",
          "amount",
          "type");
  static final StructType VIEWS = strings("account_id", "device_id", "ts", "page_category");

  static Row row(Object... values) {
    return RowFactory.create(values);
  }

  static List<Row> accounts(GenParams g, Person p) {
    if (!p.online()) {
      return List.of();
    }
    String card = p.link == Person.Link.CARD ? p.cardNo() : null;
    String phone = p.link == Person.Link.PHONE || p.id % 2 == 0 ? "+33" + p.mobile : null;
    String created = p.orders.get(0).ts.minusDays(p.id % 30).format(ISO_TS).replace(' ', 'T');
    return List.of(
        row(
            p.accountId(),
            p.email,
            p.firstName,
            p.lastName,
            phone,
            p.birthDate,
            p.gender,
            p.place[0],
            p.place[1],
            p.place[2],
            "FR",
            p.place[3],
            card,
            String.valueOf(p.id % 3 != 0),
            created,
            p.accountId(),
            p.personId(),
            false));
  }

  static List<Row> cards(GenParams g, Person p) {
    if (!p.offline()) {
      return List.of();
    }
    boolean alone = p.presence == Person.Presence.OFFLINE;
    String email =
        p.link == Person.Link.EMAIL || (alone && p.id % 5 < 2)
            ? (p.id % 4 == 0 ? p.email.toUpperCase() : p.email)
            : null;
    String phone =
        p.link == Person.Link.PHONE || (alone && p.id % 10 < 7) ? spaced(p.mobile) : null;
    String birth = java.time.LocalDate.parse(p.birthDate).format(FR_DATE);
    String first = p.presence == Person.Presence.BOTH ? p.firstName.toUpperCase() : p.firstName;
    return List.of(
        row(
            p.cardNo(),
            first,
            p.offlineLastName,
            email,
            phone,
            birth,
            p.place[0],
            p.place[1],
            p.place[2],
            p.orders.get(0).ts.toLocalDate().format(FR_DATE),
            p.id % 2 == 0 ? "Y" : "N",
            p.cardNo(),
            p.personId(),
            false));
  }

  /** "06 12 34 56 78": the national format a till types. */
  static String spaced(String mobile) {
    String d = "0" + mobile;
    return String.join(
        " ",
        d.substring(0, 2),
        d.substring(2, 4),
        d.substring(4, 6),
        d.substring(6, 8),
        d.substring(8, 10));
  }

  static List<Row> views(GenParams g, Person p) {
    List<Row> out = new ArrayList<>();
    SimRandom rnd = new SimRandom(g.seed(), p.id, 4);
    int n = p.online() ? rnd.below(4) : 0;
    String device = "D" + Long.toHexString(SimRandom.mix(p.id + 77));
    for (int i = 0; i < n; i++) {
      Order o = p.orders.get(rnd.below(p.orders.size()));
      boolean known = rnd.chance(0.7);
      out.add(
          row(
              known ? p.accountId() : null,
              device,
              o.ts.minusMinutes(rnd.below(600)).format(ISO_TS).replace(' ', 'T'),
              rnd.pick(PAGES),
              device + "|" + i,
              known ? p.personId() : null,
              false));
    }
    return out;
  }
}

package dev.clientele.bench;

import static dev.clientele.bench.SourceRows.ISO_TS;
import static dev.clientele.bench.SourceRows.POS_TS;
import static dev.clientele.bench.SourceRows.row;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Order lines of the web shop and till receipts for one person (plus the anonymous cash receipts
 * drawn alongside them), a share {@code badShare} of them spoiled the way real feeds are.
 */
final class TxRows {
  private TxRows() {}

  static List<Row> webOrders(GenParams g, Person p) {
    List<Row> out = new ArrayList<>();
    SimRandom bad = new SimRandom(g.seed(), p.id, 5);
    for (Order o : p.orders) {
      if (!o.online) {
        continue;
      }
      for (int i = 0; i < o.lines.length; i++) {
        Order.Line l = o.lines[i];
        out.add(
            web(o, String.valueOf(i + 1), o.ts, l, l.quantity(), l.amount(), "sold", p, bad, g));
        if (o.returnedLine == i) {
          out.add(
              web(
                  o,
                  "R" + (i + 1),
                  o.returnTs,
                  l,
                  -l.quantity(),
                  l.amount().negate(),
                  "returned",
                  p,
                  bad,
                  g));
        }
      }
    }
    return out;
  }

  private static Row web(
      Order o,
      String line,
      java.time.LocalDateTime ts,
      Order.Line l,
      int qty,
      BigDecimal amount,
      String status,
      Person p,
      SimRandom bad,
      GenParams g) {
    String[] v = {
      o.orderId,
      line,
      p.accountId(),
      ts.format(ISO_TS),
      l.product(),
      l.category(),
      String.valueOf(qty),
      l.unitPrice().toPlainString(),
      amount.toPlainString(),
      "EUR",
      status
    };
    boolean spoiled = spoil(v, 3, 8, bad, g);
    return row(
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        v[7],
        v[8],
        v[9],
        v[10],
        o.orderId + "|" + line,
        p.personId(),
        spoiled);
  }

  static List<Row> receipts(GenParams g, Person p) {
    List<Row> out = new ArrayList<>();
    SimRandom bad = new SimRandom(g.seed(), p.id, 6);
    for (Order o : p.orders) {
      if (o.online) {
        continue;
      }
      for (int i = 0; i < o.lines.length; i++) {
        Order.Line l = o.lines[i];
        out.add(
            till(
                o.orderId,
                String.valueOf(i + 1),
                o.store,
                p.cardNo(),
                o.ts,
                l,
                l.quantity(),
                l.amount(),
                "VTE",
                p.personId(),
                bad,
                g));
        if (o.returnedLine == i) {
          out.add(
              till(
                  o.orderId,
                  "R" + (i + 1),
                  o.store,
                  p.cardNo(),
                  o.returnTs,
                  l,
                  -l.quantity(),
                  l.amount().negate(),
                  "RET",
                  p.personId(),
                  bad,
                  g));
        }
      }
    }
    anonymous(g, p, bad, out);
    return out;
  }

  /** Cash sales by shoppers without a card: revenue only, no person behind them in the truth. */
  private static void anonymous(GenParams g, Person p, SimRandom bad, List<Row> out) {
    SimRandom rnd = new SimRandom(g.seed(), p.id, 7);
    if (!rnd.chance(g.anonymousReceiptsPerCustomer())) {
      return;
    }
    Person stranger = new Person(g, -1 - p.id);
    Order o = stranger.orders.get(0);
    String id = "C" + o.orderId.substring(1);
    for (int i = 0; i < o.lines.length; i++) {
      Order.Line l = o.lines[i];
      out.add(
          till(
              id,
              String.valueOf(i + 1),
              o.store,
              null,
              o.ts,
              l,
              l.quantity(),
              l.amount(),
              "VTE",
              null,
              bad,
              g));
    }
  }

  private static Row till(
      String id,
      String line,
      String store,
      String card,
      java.time.LocalDateTime ts,
      Order.Line l,
      int qty,
      BigDecimal amount,
      String type,
      String person,
      SimRandom bad,
      GenParams g) {
    String[] v = {
      id,
      line,
      store,
      card,
      ts.format(POS_TS),
      l.product(),
      l.category(),
      String.valueOf(qty),
      amount.toPlainString().replace('.', ','),
      type
    };
    boolean spoiled = spoil(v, 4, 8, bad, g);
    return row(
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        v[7],
        v[8],
        v[9],
        id + "|" + line,
        person,
        spoiled);
  }

  /** With probability badShare: an impossible date, a non-numeric amount, or no order id. */
  static boolean spoil(String[] v, int tsIndex, int amountIndex, SimRandom bad, GenParams g) {
    if (!bad.chance(g.badShare())) {
      return false;
    }
    switch (bad.below(3)) {
      case 0 -> v[tsIndex] = "31/02/2025 25:61";
      case 1 -> v[amountIndex] = "N/A";
      default -> v[0] = null;
    }
    return true;
  }
}

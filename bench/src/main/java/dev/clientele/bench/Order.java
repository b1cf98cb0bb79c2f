package dev.clientele.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;

/**
 * One simulated order: when, where (web or store), its value drawn from Gamma(p, nu) (the
 * Gamma-Gamma model) split over one to four lines, and possibly one returned line.
 */
final class Order {
  static final String[] CATEGORIES = {
    "grocery",
    "fresh",
    "beauty",
    "home",
    "garden",
    "toys",
    "fashion",
    "electronics",
    "sports",
    "books"
  };
  static final String[] STORES = {"S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008"};

  final String orderId;
  final boolean online;
  final LocalDateTime ts;
  final String store;
  final Line[] lines;
  final int returnedLine; // -1: nothing returned
  final LocalDateTime returnTs;

  record Line(String category, String product, int quantity, BigDecimal amount) {
    BigDecimal unitPrice() {
      return amount.divide(BigDecimal.valueOf(quantity), 4, RoundingMode.HALF_UP);
    }
  }

  private Order(
      String orderId,
      boolean online,
      LocalDateTime ts,
      String store,
      Line[] lines,
      int returnedLine,
      LocalDateTime returnTs) {
    this.orderId = orderId;
    this.online = online;
    this.ts = ts;
    this.store = store;
    this.lines = lines;
    this.returnedLine = returnedLine;
    this.returnTs = returnTs;
  }

  static Order draw(GenParams g, Person who, int k, double weeks, SimRandom rnd) {
    boolean online =
        who.presence == Person.Presence.ONLINE
            || (who.presence == Person.Presence.BOTH && rnd.chance(0.5));
    // Stores open 8:00-20:00; the web at any hour.
    long seconds = (long) (weeks * 7 * 86400);
    LocalDateTime ts = g.start().atStartOfDay().plusSeconds(seconds - seconds % 60);
    if (!online) {
      ts = ts.toLocalDate().atTime(8 + rnd.below(12), rnd.below(60));
    }
    String id = Long.toHexString(SimRandom.mix(g.seed() ^ SimRandom.mix(who.id * 1000 + k)));
    Line[] lines = split(g, who, rnd);
    int returned = rnd.chance(g.returnShare()) ? rnd.below(lines.length) : -1;
    LocalDateTime returnTs = returned < 0 ? null : ts.plusDays(1 + rnd.below(30));
    return new Order(
        (online ? "W" : "R") + id, online, ts, rnd.pick(STORES), lines, returned, returnTs);
  }

  /** The order value z ~ Gamma(p, nu) (rate nu), split over lines by random weights. */
  private static Line[] split(GenParams g, Person who, SimRandom rnd) {
    double value = Math.max(0.5, rnd.gamma(g.ggP(), who.nu));
    BigDecimal total = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    int n = 1 + rnd.below(4);
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 0.2 + rnd.uniform();
      sum += w[i];
    }
    Line[] lines = new Line[n];
    BigDecimal left = total;
    for (int i = 0; i < n; i++) {
      BigDecimal amount =
          i == n - 1
              ? left
              : total.multiply(BigDecimal.valueOf(w[i] / sum)).setScale(2, RoundingMode.HALF_UP);
      left = left.subtract(amount);
      String category = rnd.pick(CATEGORIES);
      String product = category.substring(0, 3).toUpperCase() + "-" + (100 + rnd.below(400));
      lines[i] = new Line(category, product, 1 + (rnd.chance(0.8) ? 0 : rnd.below(3)), amount);
    }
    return lines;
  }
}

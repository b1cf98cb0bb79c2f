package dev.clientele.bench;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * What the generator draws from: the population, the period, and the true BG/NBD (r, alpha, a, b;
 * time in weeks) and Gamma-Gamma (p, q, gamma) parameters that the CLV stage should recover.
 */
public record GenParams(
    long customers,
    long seed,
    double overlap,
    double badShare,
    LocalDate start,
    int weeks,
    double r,
    double alpha,
    double a,
    double b,
    double ggP,
    double ggQ,
    double ggGamma,
    double returnShare,
    double anonymousReceiptsPerCustomer,
    double crmShare)
    implements Serializable {

  /** Defaults: two years from 2024-01-01; about 4 orders and 10 order lines per customer. */
  public static GenParams defaults(long customers, long seed, double overlap, double badShare) {
    return new GenParams(
        customers,
        seed,
        overlap,
        badShare,
        LocalDate.of(2024, 1, 1),
        104,
        0.9,
        8.0,
        1.0,
        3.0,
        6.0,
        3.5,
        40.0,
        0.06,
        0.3,
        0.0);
  }

  /**
   * The "messy CRM" mode: this share of persons also gets one to three hand-typed CRM contact
   * records (nicknames, swapped or missing names, typed birth dates, missing fields), with truth.
   */
  public GenParams withCrmShare(double share) {
    return new GenParams(
        customers,
        seed,
        overlap,
        badShare,
        start,
        weeks,
        r,
        alpha,
        a,
        b,
        ggP,
        ggQ,
        ggGamma,
        returnShare,
        anonymousReceiptsPerCustomer,
        share);
  }

  /** The as-of day that covers the whole simulated period. */
  public LocalDate asOf() {
    return start.plusWeeks(weeks).minusDays(1);
  }
}

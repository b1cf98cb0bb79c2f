package dev.clientele.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the HTML report shows, as small plain values: the aggregates the Spark side computes
 * and the facts taken from the run summary. A {@code null} section means its table does not exist
 * yet ("not available"); an empty list means the table has no rows for this snapshot.
 */
public record ReportData(
    String runId,
    LocalDate asOf,
    String generatedAt,
    Headline headline,
    Pareto pareto,
    List<RfmCell> rfmGrid,
    List<SegmentRow> segments,
    ClvHistogram clvHistogram,
    List<ModelFit> models,
    Holdout holdout,
    List<TransitionRow> transitions,
    List<Persona> personas,
    List<SourceQuality> sources,
    List<QuarantineCount> quarantine) {

  /**
   * Headline figures from customer_metrics; top20 and gini may be null when their inputs are
   * missing. The {@code reported*} values are what the score stage put in the run summary (null
   * when no summary of a score run is at hand), shown to cross-check the two.
   */
  public record Headline(
      long customers,
      long activeCustomers,
      BigDecimal revenue,
      long customersWithRevenue,
      Double top20RevenueShare,
      Double gini,
      Double reportedTop20RevenueShare,
      Double reportedGini,
      Map<String, Long> lifecycle) {}

  /**
   * The Lorenz curve (customer share in percent to revenue share) and where the ABC classes end, as
   * shares of the customers with positive revenue; the thresholds are the configured ones.
   */
  public record Pareto(
      List<ParetoPoint> curve,
      Double aCustomerShare,
      Double abCustomerShare,
      double aRevenueThreshold,
      double bRevenueThreshold) {}

  public record ParetoPoint(int customerSharePct, double revenueShare) {}

  public record RfmCell(int r, int f, long customers, Double avgMonetary) {}

  public record SegmentRow(
      String family,
      String segment,
      long customers,
      Double customerShare,
      BigDecimal revenue,
      Double avgClv,
      Double avgRecencyDays) {}

  /** Customers per log-scale bucket [lower, upper) of predicted CLV, plus those not shown. */
  public record ClvHistogram(List<ClvBucket> buckets, long nonPositiveOrMissing) {}

  public record ClvBucket(double lower, double upper, long customers) {}

  /** One fitted model: its log-likelihood and parameters (name to value, in table order). */
  public record ModelFit(
      String model,
      Double logLikelihood,
      Long customers,
      Map<String, Double> parameters,
      String status,
      String reason,
      Boolean selected,
      Double holdoutMae) {
    /** A fit from a clv_model without the status columns (written before they existed). */
    public ModelFit(
        String model, Double logLikelihood, Long customers, Map<String, Double> parameters) {
      this(model, logLikelihood, customers, parameters, null, null, null, null);
    }
  }

  public record Holdout(
      int holdoutDays, LocalDate calibrationEnd, Double mae, List<HoldoutRow> rows) {}

  public record HoldoutRow(
      String frequencyGroup, long customers, double actual, double predicted) {}

  public record TransitionRow(
      String family, LocalDate previousSnapshot, String from, String to, long customers) {}

  /** A cluster persona; features maps mean_x / median_x column names to their values. */
  public record Persona(
      int cluster,
      String label,
      long customers,
      Double customerShare,
      Map<String, Double> features) {}

  public record SourceQuality(
      String source, long read, long accepted, long quarantined, Map<String, Long> reasons) {}

  public record QuarantineCount(String source, String reason, long rows, long rowsThisRun) {}
}

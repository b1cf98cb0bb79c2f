package dev.clientele.metrics.clv;

import dev.clientele.Errors;
import dev.clientele.config.ClvSettings.OnFitFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * One model's fit attempt as the stage records it: the fit when there is one, else why there is
 * none. A model that cannot be fitted at the configured penalty is tried once more with a small L2
 * penalty (it makes degenerate likelihoods, such as a handful of identical customers, finite); when
 * that fails too, on-fit-failure = skip gives an outcome without a fit, and fail rethrows.
 *
 * @param model model name as in clv_model ("bgnbd", "pareto_nbd", "gamma_gamma")
 * @param names its parameter names
 * @param report the fit, null when the model could not be fitted
 * @param l2Penalty the penalty of the fit (or of the last attempt)
 * @param reason why there is no fit, or why it needed the retry penalty; null for a plain fit
 * @param customers customers offered to the fit
 * @param distinctTuples tuples offered to the fit
 */
public record ClvModelFit(
    String model,
    List<String> names,
    ClvFit.Report report,
    double l2Penalty,
    String reason,
    long customers,
    long distinctTuples) {

  /** The penalty of the retry: small enough to bias a well-identified fit very little. */
  public static final double RETRY_L2_PENALTY = 0.001;

  /** The data a model is offered, for the record when it cannot be fitted. */
  public record Offered(String model, String[] names, double customers, long distinctTuples) {}

  public static ClvModelFit attempt(
      Offered offered, double l2, OnFitFailure onFailure, DoubleFunction<ClvFit.Report> fit) {
    RuntimeException first;
    try {
      return fitted(offered, fit.apply(l2), l2, null);
    } catch (RuntimeException e) {
      if (!Errors.isModel(e)) {
        throw e;
      }
      first = e;
    }
    String reason = first.getMessage();
    if (l2 < RETRY_L2_PENALTY) {
      try {
        return fitted(
            offered,
            fit.apply(RETRY_L2_PENALTY),
            RETRY_L2_PENALTY,
            "fitted with l2-penalty " + RETRY_L2_PENALTY + " after: " + reason);
      } catch (RuntimeException e) {
        if (!Errors.isModel(e)) {
          throw e;
        }
        reason += "; with l2-penalty " + RETRY_L2_PENALTY + ": " + e.getMessage();
      }
    }
    if (onFailure == OnFitFailure.FAIL) {
      throw first;
    }
    return new ClvModelFit(
        offered.model(),
        List.of(offered.names()),
        null,
        Math.max(l2, RETRY_L2_PENALTY),
        reason,
        Math.round(offered.customers()),
        offered.distinctTuples());
  }

  private static ClvModelFit fitted(Offered o, ClvFit.Report r, double l2, String reason) {
    return new ClvModelFit(
        o.model(), List.of(o.names()), r, l2, reason, r.customers(), r.distinctTuples());
  }

  public boolean isFitted() {
    return report != null;
  }

  /** "fitted", "fitted_with_penalty" (after the retry) or "failed". */
  public String status() {
    if (report == null) {
      return "failed";
    }
    return reason == null ? "fitted" : "fitted_with_penalty";
  }

  /** The run summary's entry: the fit's figures, or the reason there is none. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (report != null) {
      m.putAll(report.summary());
    } else {
      m.put("customers", customers);
      m.put("distinct_tuples", distinctTuples);
    }
    m.put("status", status());
    m.put("l2_penalty", l2Penalty);
    if (reason != null) {
      m.put("reason", reason);
    }
    return m;
  }
}

package dev.clientele.metrics.clv;

import dev.clientele.Errors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fits BG/NBD and Gamma-Gamma on compressed tuples and reports what the fit did. */
public final class ClvFit {
  private ClvFit() {}

  /**
   * One fitted model: parameter names and values, total log-likelihood, customers and distinct
   * tuples fitted, optimiser iterations, seconds, and customers left out of the fit.
   */
  public record Report(
      String model,
      List<String> names,
      double[] values,
      double logLikelihood,
      long customers,
      long distinctTuples,
      int iterations,
      double fitSeconds,
      String method,
      long excluded) {

    public double value(String name) {
      return values[names.indexOf(name)];
    }

    /** The parameters and fit figures for the run summary. */
    public Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), values[i]);
      }
      m.put("log_likelihood", logLikelihood);
      m.put("customers", customers);
      m.put("distinct_tuples", distinctTuples);
      m.put("iterations", iterations);
      m.put("fit_seconds", fitSeconds);
      m.put("method", method);
      m.put("excluded_customers", excluded);
      return m;
    }
  }

  public static Report bgNbd(BgNbd.Data d, double l2) {
    requireRepeatBuyers(d, "BG/NBD");
    long t0 = System.nanoTime();
    double scale = Math.max(meanOf(d.t(), d.weight()), 1e-3);
    List<double[]> starts =
        List.of(logs(1, 1, 1, 1), logs(0.5, scale / 10, 0.8, 2.5), logs(1, scale, 0.5, 0.5));
    MleFitter.Fit fit = MleFitter.minimise(new BgNbdObjective(d, l2), starts, "BG/NBD");
    BgNbd.Params p = BgNbd.Params.fromLog(fit.theta());
    return purchaseReport("bgnbd", BgNbd.NAMES, p.values(), BgNbd.logLikelihood(p, d), d, fit, t0);
  }

  /** Pareto/NBD on the same tuples as BG/NBD, from generic starts scaled by the mean T. */
  public static Report paretoNbd(BgNbd.Data d, double l2) {
    requireRepeatBuyers(d, "Pareto/NBD");
    long t0 = System.nanoTime();
    double scale = Math.max(meanOf(d.t(), d.weight()), 1e-3);
    List<double[]> starts =
        List.of(logs(1, 1, 1, 1), logs(0.5, scale / 4, 0.5, scale / 4), logs(1, scale, 1, scale));
    MleFitter.Fit fit = MleFitter.minimise(new ParetoNbdObjective(d, l2), starts, "Pareto/NBD");
    ParetoNbd.Params p = ParetoNbd.Params.fromLog(fit.theta());
    return purchaseReport(
        "pareto_nbd", ParetoNbd.NAMES, p.values(), ParetoNbd.logLikelihood(p, d), d, fit, t0);
  }

  private static void requireRepeatBuyers(BgNbd.Data d, String model) {
    if (d.x().length == 0 || !d.hasRepeatBuyers()) {
      throw Errors.model(
          model
              + " cannot be fitted: no customer has a repeat purchase day in the calibration data"
              + " ("
              + (long) d.customers()
              + " customers, all with btyd_x = 0); the model needs"
              + " repeat buyers to identify the purchase and dropout rates");
    }
  }

  private static Report purchaseReport(
      String model,
      String[] names,
      double[] values,
      double logLikelihood,
      BgNbd.Data d,
      MleFitter.Fit fit,
      long t0) {
    return new Report(
        model,
        List.of(names),
        values,
        logLikelihood,
        Math.round(d.customers()),
        d.x().length,
        fit.iterations(),
        (System.nanoTime() - t0) / 1e9,
        fit.method(),
        0);
  }

  public static BgNbd.Params bgNbdParams(Report r) {
    return new BgNbd.Params(r.value("r"), r.value("alpha"), r.value("a"), r.value("b"));
  }

  public static ParetoNbd.Params paretoNbdParams(Report r) {
    return new ParetoNbd.Params(r.value("r"), r.value("alpha"), r.value("s"), r.value("beta"));
  }

  /** {@code excluded}: repeat customers with a zero or negative mean value, left out, counted. */
  public static Report gammaGamma(GammaGamma.Data d, double l2, long excluded) {
    if (d.x().length == 0) {
      throw Errors.model(
          "Gamma-Gamma cannot be fitted: no repeat customer with a positive mean repeat value"
              + " (btyd_mean_repeat_value); "
              + excluded
              + " repeat customers had a zero or"
              + " negative value and were excluded");
    }
    long t0 = System.nanoTime();
    double zbar = Math.max(meanOf(d.zbar(), d.weight()), 1e-3);
    List<double[]> starts = List.of(logs(1, 1, 1), logs(2, 3, zbar), logs(5, 4, zbar / 2));
    MleFitter.Fit fit = MleFitter.minimise(new GammaGamma.Objective(d, l2), starts, "Gamma-Gamma");
    GammaGamma.Params g = GammaGamma.Params.fromLog(fit.theta());
    if (g.q() <= 1) {
      throw Errors.model(
          "Gamma-Gamma fit gives q = "
              + g.q()
              + " <= 1: the spend distribution has no finite"
              + " mean, so no expected order value; check btyd_mean_repeat_value for outliers");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Report(
        "gamma_gamma",
        List.of(GammaGamma.NAMES),
        g.values(),
        GammaGamma.logLikelihood(g, d),
        Math.round(d.customers()),
        d.x().length,
        fit.iterations(),
        seconds,
        fit.method(),
        excluded);
  }

  public static GammaGamma.Params gammaGammaParams(Report r) {
    return new GammaGamma.Params(r.value("p"), r.value("q"), r.value("gamma"));
  }

  private static double[] logs(double... values) {
    return Arrays.stream(values).map(Math::log).toArray();
  }

  private static double meanOf(double[] v, double[] w) {
    double s = 0;
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * w[i];
      n += w[i];
    }
    return n > 0 ? s / n : 0;
  }
}

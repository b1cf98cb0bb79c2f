package dev.clientele.metrics.clv;

import dev.clientele.schema.Cols;
import dev.clientele.testkit.SparkTest;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Benchmark, not a timed test: simulates customers from known BG/NBD and Gamma-Gamma parameters
 * with Spark (deterministic seed), compresses them to tuples as the stage does, fits, and prints
 * the fit seconds and the relative error of each recovered parameter. Run with {@code
 * -Dclientele.benchmark=true -Dtest=ClvFitBenchmark}, or its main method.
 */
@ExtendWith(SparkTest.class)
public class ClvFitBenchmark {
  static final BgNbd.Params BG = new BgNbd.Params(0.8, 40.0, 0.8, 2.5);
  static final GammaGamma.Params GG = new GammaGamma.Params(6.0, 4.0, 15.0);
  static final long SEED = 20260601L;

  static final StructType SCHEMA =
      new StructType()
          .add(ClvSummary.X_DAYS, DataTypes.IntegerType)
          .add(ClvSummary.T_X_DAYS, DataTypes.IntegerType)
          .add(ClvSummary.T_DAYS, DataTypes.IntegerType)
          .add(Cols.BTYD_MEAN_REPEAT_VALUE, DataTypes.DoubleType);

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    run(n);
    SparkTest.spark().stop();
  }

  @Test
  @EnabledIfSystemProperty(named = "clientele.benchmark", matches = "true")
  void oneMillionCustomers() {
    run(1_000_000L);
  }

  static void run(long n) {
    Dataset<Row> customers =
        SparkTest.spark()
            .range(n)
            .map((MapFunction<Long, Row>) ClvFitBenchmark::simulate, Encoders.row(SCHEMA))
            .cache();
    long t0 = System.nanoTime();
    customers.count();
    double simulate = seconds(t0);
    t0 = System.nanoTime();
    BgNbd.Data bgData = ClvTuples.bgNbd(customers, 1.0);
    ClvTuples.GammaGammaTuples ggData = ClvTuples.gammaGamma(customers);
    double compress = seconds(t0);
    ClvFit.Report bg = ClvFit.bgNbd(bgData, 0.0);
    ClvFit.Report gg = ClvFit.gammaGamma(ggData.data(), 0.0, ggData.excluded());
    System.out.printf(
        Locale.ROOT, "customers %,d: simulate %.1f s, compress %.1f s%n", n, simulate, compress);
    print(bg, BG.values());
    print(gg, GG.values());
    customers.unpersist();
  }

  private static void print(ClvFit.Report r, double[] truth) {
    System.out.printf(
        Locale.ROOT,
        "%s: %,d customers, %,d distinct tuples, fit %.2f s," + " %d iterations (%s)%n",
        r.model(),
        r.customers(),
        r.distinctTuples(),
        r.fitSeconds(),
        r.iterations(),
        r.method());
    for (int i = 0; i < truth.length; i++) {
      System.out.printf(
          Locale.ROOT,
          "  %-6s true %8.4f fitted %8.4f relative error %+.2f %%%n",
          r.names().get(i),
          truth[i],
          r.values()[i],
          100 * (r.values()[i] / truth[i] - 1));
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * One customer: first purchase at day 0, observed for T whole days (30..730); purchase rate
   * lambda ~ Gamma(r, alpha), dropout p ~ Beta(a, b) after each repeat purchase; the mean repeat
   * spend given x repeats is Gamma(p x, x nu) with nu ~ Gamma(q, gamma).
   */
  static Row simulate(long id) {
    SplittableRandom rnd = new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + id);
    int tDays = 30 + rnd.nextInt(701);
    double lambda = gamma(rnd, BG.r()) / BG.alpha();
    double ga = gamma(rnd, BG.a());
    double p = ga / (ga + gamma(rnd, BG.b()));
    double t = 0;
    double tx = 0;
    int x = 0;
    while (true) {
      t += -Math.log(1 - rnd.nextDouble()) / lambda;
      if (t > tDays) {
        break;
      }
      x++;
      tx = t;
      if (rnd.nextDouble() < p) {
        break;
      }
    }
    double zbar = 0;
    if (x > 0) {
      double nu = gamma(rnd, GG.q()) / GG.gamma();
      zbar = gamma(rnd, GG.p() * x) / (x * nu);
    }
    return RowFactory.create(x, (int) Math.round(tx), tDays, zbar);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang; shape < 1 through the U^(1/shape) boost. */
  static double gamma(SplittableRandom rnd, double shape) {
    if (shape < 1) {
      return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = normal(rnd);
      double v = Math.pow(1 + c * z, 3);
      if (v <= 0) {
        continue;
      }
      double u = rnd.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  private static double normal(SplittableRandom rnd) {
    double u1 = 1 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

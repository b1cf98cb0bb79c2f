package dev.clientele.metrics.clv;

import breeze.linalg.DenseVector;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import dev.clientele.Errors;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import scala.Tuple2;

/**
 * Maximum likelihood on a small weighted tuple set: Breeze's L-BFGS (shipped with Spark MLlib) from
 * several starting points; the best converged run wins. When none converges, commons-math3's
 * Nelder-Mead (derivative-free, robust to bad curvature) restarts from the best point, and L-BFGS
 * polishes its result. A fit that still does not converge is an error, never a silent result.
 */
public final class MleFitter {
  /** Gradient norm (per customer, on log-parameters) below which a fit counts as converged. */
  static final double GRADIENT_TOLERANCE = 1e-4;

  private static final int MAX_ITERATIONS = 1000;

  private MleFitter() {}

  /** A smooth objective on an unconstrained vector: returns the value, fills the gradient. */
  public interface Objective {
    int dimension();

    double evaluate(double[] theta, double[] gradient);
  }

  /** The minimiser found, the objective there, the iterations used and how it was found. */
  public record Fit(double[] theta, double value, int iterations, String method) {}

  public static Fit minimise(Objective f, List<double[]> starts, String model) {
    Fit best = null;
    int iterations = 0;
    for (double[] start : starts) {
      Fit fit = lbfgs(f, start);
      iterations += fit.iterations();
      if (Double.isFinite(fit.value()) && (best == null || fit.value() < best.value())) {
        best = fit;
      }
    }
    if (best != null && converged(f, best.theta())) {
      return new Fit(best.theta(), best.value(), iterations, best.method());
    }
    double[] from = best != null ? best.theta() : starts.get(0);
    Fit simplex = nelderMead(f, from);
    Fit polished = lbfgs(f, simplex.theta());
    Fit result = polished.value() <= simplex.value() ? polished : simplex;
    if (!Double.isFinite(result.value()) || !converged(f, result.theta())) {
      throw Errors.model(
          model
              + " fit did not converge from "
              + starts.size()
              + " starting points nor with"
              + " Nelder-Mead (objective "
              + result.value()
              + ", gradient norm "
              + gradientNorm(f, result.theta())
              + "); check the input summary, or set"
              + " clientele.clv.l2-penalty to a small value such as 0.001");
    }
    return new Fit(
        result.theta(),
        result.value(),
        iterations + simplex.iterations() + polished.iterations(),
        "nelder-mead+lbfgs");
  }

  /**
   * The objective from a total log-likelihood and its gradient on the parameters: mean negative
   * log-likelihood per customer plus l2 * sum(params^2), with the gradient on log-parameters (d/d
   * log p = p d/dp; the penalty's is 2 l2 p^2) written into {@code out}.
   */
  static double penalisedMean(
      double logLik,
      double[] gradient,
      double[] params,
      double customers,
      double l2,
      double[] out) {
    double value = -logLik / customers;
    for (int j = 0; j < params.length; j++) {
      out[j] = -gradient[j] * params[j] / customers + 2 * l2 * params[j] * params[j];
      value += l2 * params[j] * params[j];
    }
    return value;
  }

  static boolean converged(Objective f, double[] theta) {
    for (double t : theta) {
      // exp(+-25) spans 1e-11..7e10: beyond it a parameter has run off to a boundary.
      if (!Double.isFinite(t) || Math.abs(t) > 25) {
        return false;
      }
    }
    return gradientNorm(f, theta) < GRADIENT_TOLERANCE;
  }

  static double gradientNorm(Objective f, double[] theta) {
    double[] g = new double[theta.length];
    f.evaluate(theta, g);
    double s = 0;
    for (double v : g) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private static Fit lbfgs(Objective f, double[] start) {
    LBFGS<DenseVector<Object>> lbfgs =
        new LBFGS<>(MAX_ITERATIONS, 7, 1e-10, DenseVector.space_Double());
    FirstOrderMinimizer.State<DenseVector<Object>, Object, ?> state;
    try {
      state = lbfgs.minimizeAndReturnState(diffFunction(guarded(f)), vector(start));
    } catch (RuntimeException e) {
      // Breeze's line search throws when it cannot make progress: treat as a failed start.
      return new Fit(start, Double.POSITIVE_INFINITY, 0, "lbfgs");
    }
    double[] theta = array(state.x());
    return new Fit(theta, f.evaluate(theta, new double[theta.length]), state.iter(), "lbfgs");
  }

  private static Fit nelderMead(Objective f, double[] start) {
    double[] scratch = new double[start.length];
    SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
    PointValuePair p =
        optimizer.optimize(
            new MaxEval(20_000),
            new ObjectiveFunction(
                theta -> {
                  double v = f.evaluate(theta, scratch);
                  return Double.isFinite(v) ? v : Double.MAX_VALUE;
                }),
            GoalType.MINIMIZE,
            new InitialGuess(start),
            new NelderMeadSimplex(start.length, 0.5));
    return new Fit(p.getPoint(), p.getValue(), optimizer.getIterations(), "nelder-mead");
  }

  /**
   * Keeps the optimiser away from overflow: a non-finite value becomes a huge one with a gradient
   * pointing back to the origin of the log-parameters, so the line search backtracks.
   */
  private static Objective guarded(Objective f) {
    return new Objective() {
      @Override
      public int dimension() {
        return f.dimension();
      }

      @Override
      public double evaluate(double[] theta, double[] gradient) {
        double v = f.evaluate(theta, gradient);
        boolean finite = Double.isFinite(v);
        for (double g : gradient) {
          finite &= Double.isFinite(g);
        }
        if (finite) {
          return v;
        }
        for (int i = 0; i < theta.length; i++) {
          gradient[i] = 1e6 * theta[i];
        }
        return 1e300;
      }
    };
  }

  /** What the adapter calls: value and gradient as Breeze wants them. */
  private interface Calculation {
    Tuple2<Object, DenseVector<Object>> calculate(DenseVector<Object> x);
  }

  private static Calculation calculation(Objective f) {
    return x -> {
      double[] theta = array(x);
      double[] g = new double[theta.length];
      double v = f.evaluate(theta, g);
      return new Tuple2<>(v, vector(g));
    };
  }

  /**
   * Breeze's DiffFunction is a Scala trait whose bridge methods Java cannot implement (javac
   * rejects the class: apply(T) returns double in the trait and Object in Function1). Scala itself
   * turns its lambdas into trait instances with LambdaMetafactory; we do the same for the one
   * abstract method, calculate, and Breeze's default methods (valueAt, gradientAt) build on it.
   */
  @SuppressWarnings("unchecked")
  private static DiffFunction<DenseVector<Object>> diffFunction(Objective f) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle impl =
          lookup.findVirtual(
              Calculation.class,
              "calculate",
              MethodType.methodType(Tuple2.class, DenseVector.class));
      CallSite site =
          LambdaMetafactory.metafactory(
              lookup,
              "calculate",
              MethodType.methodType(DiffFunction.class, Calculation.class),
              MethodType.methodType(Tuple2.class, Object.class),
              impl,
              MethodType.methodType(Tuple2.class, DenseVector.class));
      return (DiffFunction<DenseVector<Object>>) site.getTarget().invoke(calculation(f));
    } catch (Throwable e) {
      throw Errors.internal("cannot adapt the objective to Breeze's DiffFunction", e);
    }
  }

  private static DenseVector<Object> vector(double[] values) {
    return new DenseVector<>(values.clone());
  }

  private static double[] array(DenseVector<Object> v) {
    double[] out = new double[v.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Double) v.apply(i);
    }
    return out;
  }
}

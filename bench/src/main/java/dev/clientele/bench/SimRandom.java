package dev.clientele.bench;

import java.util.SplittableRandom;

/**
 * Deterministic random draws for one simulated record: the stream depends only on the seed and the
 * record's id (mixed by a 64-bit finaliser), so any partitioning of the ids yields the same data.
 */
final class SimRandom {
  private final SplittableRandom random;

  SimRandom(long seed, long id, long stream) {
    this.random = new SplittableRandom(mix(mix(seed) ^ mix(id * 31 + stream)));
  }

  /** SplitMix64's finaliser: neighbouring ids give unrelated seeds. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  double uniform() {
    return random.nextDouble();
  }

  int below(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  double normal() {
    // Box-Muller; one of the pair is enough here.
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  double exponential(double rate) {
    return -Math.log(1.0 - random.nextDouble()) / rate;
  }

  /** Gamma(shape, rate) by Marsaglia and Tsang; shapes below 1 through the u^(1/shape) boost. */
  double gamma(double shape, double rate) {
    if (shape < 1) {
      double u = 1.0 - random.nextDouble();
      return gamma(shape + 1, rate) * Math.pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1.0 / Math.sqrt(9 * d);
    while (true) {
      double x = normal();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1.0 - random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v / rate;
      }
    }
  }

  double beta(double a, double b) {
    double x = gamma(a, 1);
    return x / (x + gamma(b, 1));
  }
}

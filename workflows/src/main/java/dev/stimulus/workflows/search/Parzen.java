package dev.stimulus.workflows.search;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The adaptive Parzen estimator of TPE for one numeric parameter on [lo, hi] (already on the log
 * scale for log ranges): an equal-weight mixture of a broad prior Gaussian at the middle of the
 * range (sigma = hi - lo) and one Gaussian per observation, each truncated to [lo, hi]. An
 * observation's sigma is the larger distance to its neighbours among the sorted observations
 * (the range's ends bounding the outermost), clipped to [(hi - lo) / min(100, n + 1), hi - lo]:
 * dense regions get sharp kernels, isolated points broad ones (Bergstra et al., 2011).
 */
final class Parzen {

  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private final double lo;
  private final double hi;
  private final double[] mu;
  private final double[] sigma;
  /** log of the truncated mass of each component on [lo, hi]. */
  private final double[] logMass;

  Parzen(List<Double> observations, double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
    int n = observations.size();
    double range = hi - lo;
    mu = new double[n + 1];
    sigma = new double[n + 1];
    mu[0] = (lo + hi) / 2;
    sigma[0] = range;
    double[] sorted = observations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double minSigma = range / Math.min(100, n + 1);
    for (int i = 0; i < n; i++) {
      double left = sorted[i] - (i == 0 ? lo : sorted[i - 1]);
      double right = (i == n - 1 ? hi : sorted[i + 1]) - sorted[i];
      mu[i + 1] = sorted[i];
      sigma[i + 1] = Math.max(minSigma, Math.min(range, Math.max(left, right)));
    }
    logMass = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      double mass = Normal.cdf((hi - mu[i]) / sigma[i]) - Normal.cdf((lo - mu[i]) / sigma[i]);
      logMass[i] = Math.log(Math.max(mass, 1e-300));
    }
  }

  /** A draw: a component chosen uniformly, then its Gaussian truncated to [lo, hi]. */
  double sample(SplittableRandom random) {
    int i = random.nextInt(mu.length);
    for (int attempt = 0; attempt < 100; attempt++) {
      double x = mu[i] + sigma[i] * Normal.sample(random);
      if (x >= lo && x <= hi) {
        return x;
      }
    }
    return lo + random.nextDouble() * (hi - lo); // a component almost wholly outside: cannot happen for mu in range
  }

  /** log of the mixture density at x. */
  double logPdf(double x) {
    double[] terms = new double[mu.length];
    for (int i = 0; i < mu.length; i++) {
      double z = (x - mu[i]) / sigma[i];
      terms[i] = -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma[i]) - logMass[i];
    }
    double max = Arrays.stream(terms).max().orElseThrow();
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum / mu.length);
  }

  /** The standard normal distribution, as much of it as TPE needs. */
  static final class Normal {
    private Normal() {}

    /**
     * Phi(z) through the complementary error function, by the Chebyshev fit of Press et al.
     * (Numerical Recipes, erfcc: fractional error below 1.2e-7 everywhere).
     */
    static double cdf(double z) {
      double x = -z / Math.sqrt(2);
      double t = 1 / (1 + 0.5 * Math.abs(x));
      double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
          + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
          + t * 0.17087277)))))))));
      return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }

    /** A standard normal draw (Box–Muller; one of the pair is enough here). */
    static double sample(SplittableRandom random) {
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
}

namespace Orchestrator.Workflows;

/// <summary>
/// The tests behind <see cref="ExperimentReport"/>: a two-proportion z-test for success rates and Welch's t-test for
/// means with unequal variances, both two-sided, plus interpolated percentiles (as PostgreSQL's <c>percentile_cont</c>).
/// </summary>
public static class ExperimentStatistics
{
    /// <summary>Two-sided two-proportion z-test with the pooled proportion.</summary>
    /// <param name="successes1">Successes of the first group.</param>
    /// <param name="n1">Size of the first group.</param>
    /// <param name="successes2">Successes of the second group.</param>
    /// <param name="n2">Size of the second group.</param>
    /// <returns>z (second minus first) and the p-value; p is 1 when both groups are all successes or all failures.</returns>
    public static (double Z, double P) TwoProportionZTest(int successes1, int n1, int successes2, int n2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 1);
        var p1 = (double)successes1 / n1;
        var p2 = (double)successes2 / n2;
        var pooled = (double)(successes1 + successes2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        if (se == 0)
        {
            return (0, 1);
        }

        var z = (p2 - p1) / se;
        return (z, Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>Two-sided Welch's t-test of the difference of two means.</summary>
    /// <param name="sample1">The first sample (at least 2 values).</param>
    /// <param name="sample2">The second sample (at least 2 values).</param>
    /// <returns>t (second minus first), the Welch-Satterthwaite degrees of freedom and the p-value.</returns>
    public static (double T, double DegreesOfFreedom, double P) WelchTTest(IReadOnlyList<double> sample1, IReadOnlyList<double> sample2)
    {
        ArgumentNullException.ThrowIfNull(sample1);
        ArgumentNullException.ThrowIfNull(sample2);
        ArgumentOutOfRangeException.ThrowIfLessThan(sample1.Count, 2, nameof(sample1));
        ArgumentOutOfRangeException.ThrowIfLessThan(sample2.Count, 2, nameof(sample2));
        var (m1, v1) = MeanAndVariance(sample1);
        var (m2, v2) = MeanAndVariance(sample2);
        var a = v1 / sample1.Count;
        var b = v2 / sample2.Count;
        if (a + b == 0)
        {
            // No spread at all: the means are either identical or certainly different.
            return (0, double.PositiveInfinity, m1 == m2 ? 1 : 0);
        }

        var t = (m2 - m1) / Math.Sqrt(a + b);
        var df = (a + b) * (a + b) / ((a * a / (sample1.Count - 1)) + (b * b / (sample2.Count - 1)));
        return (t, df, RegularizedIncompleteBeta(df / 2, 0.5, df / (df + (t * t))));
    }

    /// <summary>The interpolated percentile of a sample (the same as PostgreSQL's <c>percentile_cont</c>).</summary>
    /// <param name="values">The values (any order).</param>
    /// <param name="fraction">The percentile as a fraction, 0-1.</param>
    /// <returns>The percentile, or <see cref="double.NaN"/> for an empty sample.</returns>
    public static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = fraction * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }

    internal static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, variance);
    }

    /// <summary>The complementary error function (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7).</summary>
    internal static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0d;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            poly = c[i] + (t * poly);
        }

        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>I_x(a, b), by the continued fraction (Numerical Recipes' betai/betacf).</summary>
    internal static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x)));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(a, b, x) / a
            : 1 - (front * BetaContinuedFraction(b, a, 1 - x) / b);
    }

    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - (qab * x / qap);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-12)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9).</summary>
    private static double LogGamma(double x)
    {
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = g[0];
        for (var i = 1; i < g.Length; i++)
        {
            sum += g[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}

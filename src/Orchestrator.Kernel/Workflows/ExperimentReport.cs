using System.Globalization;
using Orchestrator.Agents;

namespace Orchestrator.Workflows;

/// <summary>
/// Per-version results of a workflow experiment: runs, success rate, cost, latency (p50/p95) and judge score, each
/// version compared with the control by a two-proportion z-test (success) and Welch's t-tests (cost, latency, judge).
/// With few runs the verdicts say so instead of claiming a difference.
/// </summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Control">The version the others are compared with.</param>
/// <param name="Alpha">The significance level.</param>
/// <param name="Versions">The versions, control first.</param>
public sealed record ExperimentReport(string WorkflowId, string Control, double Alpha, IReadOnlyList<VersionMetrics> Versions)
{
    /// <summary>The fewest successes and failures per group for the z-test's normal approximation to be trusted.</summary>
    public const int MinExpectedCount = 5;

    /// <summary>Builds the report from runs.</summary>
    /// <param name="workflowId">The workflow (runs of other workflows are ignored).</param>
    /// <param name="runs">The runs.</param>
    /// <param name="control">The control version; by default the lowest version label that has runs (<c>v1</c> before <c>v2</c>).</param>
    /// <param name="alpha">The significance level (0.05 by default).</param>
    /// <returns>The report; no versions when there are no runs.</returns>
    public static ExperimentReport Build(string workflowId, IEnumerable<WorkflowRunRecord> runs, string? control = null, double alpha = 0.05)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(alpha, 1);
        var groups = runs
            .Where(r => string.Equals(r.WorkflowId, workflowId, StringComparison.Ordinal))
            .GroupBy(r => r.WorkflowVersion, StringComparer.Ordinal)
            .OrderBy(g => WorkflowVersioning.Number(g.Key) ?? int.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (groups.Count == 0)
        {
            return new ExperimentReport(workflowId, control ?? string.Empty, alpha, []);
        }

        control ??= groups.Keys.First();
        if (!groups.TryGetValue(control, out var baseline))
        {
            throw new ArgumentException($"The control version '{control}' has no runs; versions with runs: {string.Join(", ", groups.Keys)}.", nameof(control));
        }

        var versions = new List<VersionMetrics> { Metrics(control, baseline, null) };
        versions.AddRange(groups.Where(g => g.Key != control).Select(g => Metrics(g.Key, g.Value, Compare(control, baseline, g.Value, alpha))));
        return new ExperimentReport(workflowId, control, alpha, versions);
    }

    private static VersionMetrics Metrics(string version, List<WorkflowRunRecord> runs, VersionComparison? comparison)
    {
        var successes = runs.Count(r => r.Succeeded);
        var latencies = runs.Select(r => r.Latency.TotalMilliseconds).ToList();
        var judged = runs.Where(r => r.JudgeScore is not null).Select(r => r.JudgeScore!.Value).ToList();
        var total = runs.Sum(r => r.CostUsd);
        return new VersionMetrics(
            version,
            runs.Count,
            successes,
            runs.Count == 0 ? 0 : (double)successes / runs.Count,
            total,
            runs.Count == 0 ? 0 : (double)total / runs.Count,
            TimeSpan.FromMilliseconds(ExperimentStatistics.Percentile(latencies, 0.5)),
            TimeSpan.FromMilliseconds(ExperimentStatistics.Percentile(latencies, 0.95)),
            judged.Count,
            judged.Count == 0 ? null : judged.Average(),
            comparison);
    }

    private static VersionComparison Compare(string control, List<WorkflowRunRecord> baseline, List<WorkflowRunRecord> candidate, double alpha) => new(
        control,
        SuccessTest(baseline, candidate, alpha),
        MeanTest([.. baseline.Select(r => (double)r.CostUsd)], [.. candidate.Select(r => (double)r.CostUsd)], alpha),
        MeanTest([.. baseline.Select(r => r.Latency.TotalMilliseconds)], [.. candidate.Select(r => r.Latency.TotalMilliseconds)], alpha),
        MeanTest([.. baseline.Where(r => r.JudgeScore is not null).Select(r => r.JudgeScore!.Value)], [.. candidate.Where(r => r.JudgeScore is not null).Select(r => r.JudgeScore!.Value)], alpha));

    private static SignificanceTest SuccessTest(List<WorkflowRunRecord> baseline, List<WorkflowRunRecord> candidate, double alpha)
    {
        const string Name = "two-proportion z";
        int s1 = baseline.Count(r => r.Succeeded), n1 = baseline.Count, s2 = candidate.Count(r => r.Succeeded), n2 = candidate.Count;
        var (z, p) = ExperimentStatistics.TwoProportionZTest(s1, n1, s2, n2);
        if (Math.Min(Math.Min(s1, n1 - s1), Math.Min(s2, n2 - s2)) < MinExpectedCount)
        {
            return new SignificanceTest(Name, z, p, false, string.Create(CultureInfo.InvariantCulture,
                $"{P(p)}: not significant (too few runs: each version needs at least {MinExpectedCount} successes and {MinExpectedCount} failures for this test)"));
        }

        return new SignificanceTest(Name, z, p, p < alpha, Verdict(p, alpha));
    }

    private static SignificanceTest MeanTest(List<double> baseline, List<double> candidate, double alpha)
    {
        const string Name = "Welch t";
        if (baseline.Count < 2 || candidate.Count < 2)
        {
            return new SignificanceTest(Name, double.NaN, double.NaN, false, string.Create(CultureInfo.InvariantCulture,
                $"not tested (too few values: {baseline.Count} and {candidate.Count}; need at least 2 each)"));
        }

        var (t, _, p) = ExperimentStatistics.WelchTTest(baseline, candidate);
        return new SignificanceTest(Name, t, p, p < alpha, Verdict(p, alpha));
    }

    private static string Verdict(double p, double alpha) => p < alpha
        ? string.Create(CultureInfo.InvariantCulture, $"{P(p)}: significant at {alpha:0.##}")
        : string.Create(CultureInfo.InvariantCulture, $"{P(p)}: not significant");

    private static string P(double p) => p < 0.0001 ? "p < 0.0001" : string.Create(CultureInfo.InvariantCulture, $"p = {p:0.####}");
}

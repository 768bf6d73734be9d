using Orchestrator.Agents;
using Orchestrator.Workflows;

namespace Orchestrator.Kernel.Tests.Workflows;

public sealed class ExperimentTests
{
    [Fact]
    public void Ten_thousand_keys_split_70_30_within_binomial_tolerance_and_each_key_keeps_its_version()
    {
        var experiment = new WorkflowExperiment("research", [new("v1", 0.7), new("v2", 0.3)]);
        var keys = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToList();

        var assigned = keys.Select(experiment.Assign).ToList();

        // Binomial(10000, 0.7): sd = sqrt(10000 * 0.7 * 0.3) = 45.8; allow 4 sd.
        var v1 = assigned.Count(v => v == "v1");
        Assert.InRange(v1, 7000 - 184, 7000 + 184);
        Assert.Equal(10_000 - v1, assigned.Count(v => v == "v2"));
        var again = new WorkflowExperiment("research", [new("v1", 0.7), new("v2", 0.3)]);
        Assert.Equal(assigned, keys.Select(again.Assign));
    }

    [Fact]
    public void Experiments_on_different_workflows_split_independently_and_a_zero_weight_version_gets_nothing()
    {
        var a = new WorkflowExperiment("a", [new("v1", 1), new("v2", 1)]);
        var b = new WorkflowExperiment("b", [new("v1", 1), new("v2", 1)]);
        var keys = Enumerable.Range(0, 2_000).Select(i => $"u{i}").ToList();

        var same = keys.Count(k => a.Assign(k) == b.Assign(k));
        Assert.InRange(same, 1000 - 90, 1000 + 90); // independent halves agree half the time (sd 22.4)

        var off = new WorkflowExperiment("a", [new("v1", 1), new("v2", 0)]);
        Assert.All(keys, k => Assert.Equal("v1", off.Assign(k)));
    }

    [Fact]
    public void Stored_versions_make_the_experiment_from_their_active_traffic_shares_and_bad_weights_are_refused()
    {
        WorkflowDefinition d = new("w", "sequential", [], new());
        var now = DateTimeOffset.UnixEpoch;
        var experiment = WorkflowExperiment.FromVersions("w", [
            new("w", "v1", "h1", d, null, 0.5, true, now),
            new("w", "v2", "h2", d, null, 0.5, false, now),
            new("w", "v3", "h3", d, null, 0.5, true, now),
            new("w", "v4", "h4", d, null, 0, true, now),
        ]);

        Assert.Equal(["v1", "v3"], experiment.Arms.Select(a => a.Version));
        Assert.Contains("no version with traffic", Assert.Throws<ArgumentException>(() => new WorkflowExperiment("w", [new("v1", 0)])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new WorkflowExperiment("w", [new("v1", -1), new("v2", 2)]));
        Assert.Throws<ArgumentException>(() => new WorkflowExperiment("w", [new("v1", 1), new("v1", 2)]));
    }

    [Fact]
    public void The_report_gives_per_version_metrics_and_p_values_computed_by_hand()
    {
        var runs = new List<WorkflowRunRecord>();
        for (var i = 0; i < 40; i++)
        {
            runs.Add(Run("v1", i, succeeded: i < 24, cost: 0.010m + (0.001m * (i % 5)), judge: i < 10 ? (i % 2 == 0 ? 0.6 : 0.8) : null));
            runs.Add(Run("v2", i, succeeded: i < 34, cost: 0.012m + (0.001m * (i % 5)), judge: i < 10 ? (i % 2 == 0 ? 0.7 : 0.9) : null));
        }

        runs.Add(Run("v1", 99, true, 5m, null) with { WorkflowId = "other" });

        var report = ExperimentReport.Build("research", runs);

        Assert.Equal("v1", report.Control);
        var (v1, v2) = (report.Versions[0], report.Versions[1]);
        Assert.Equal((40, 24, 0.6), (v1.Runs, v1.Successes, v1.SuccessRate));
        Assert.Equal(0.48m, v1.TotalCostUsd);
        Assert.Equal(0.012, v1.MeanCostUsd, 9);
        Assert.Equal(TimeSpan.FromMilliseconds(1150), v1.LatencyP50);
        Assert.Equal(TimeSpan.FromMilliseconds(1300), v1.LatencyP95);
        Assert.Equal((10, 0.7), (v1.JudgedRuns, Math.Round(v1.MeanJudgeScore!.Value, 9)));
        Assert.Null(v1.VersusControl);

        var vs = v2.VersusControl!;
        // Pooled p = 58/80; z = 0.25 / sqrt(0.725 * 0.275 * (2/40)) = 2.50392; p = erfc(z / sqrt 2) = 0.012283.
        Assert.Equal(2.50392, vs.SuccessRate.Statistic, 4);
        Assert.Equal(0.012283, vs.SuccessRate.PValue, 5);
        Assert.True(vs.SuccessRate.IsSignificant);
        // Judge 0.7 vs 0.8, sd 0.1054 each, n 10: t = 2.12132, df = 18, p = 0.048038 (t-density integrated numerically).
        Assert.Equal(2.12132, vs.JudgeScore.Statistic, 4);
        Assert.Equal(0.048038, vs.JudgeScore.PValue, 5);
        Assert.True(vs.JudgeScore.IsSignificant);
        // Cost +0.002 on the same spread: t = 6.245, p ~ 2e-8.
        Assert.Equal(6.245, vs.Cost.Statistic, 3);
        Assert.InRange(vs.Cost.PValue, 1e-9, 1e-7);
        // Identical latencies: no difference at all.
        Assert.Equal(0, vs.Latency.Statistic, 9);
        Assert.Equal(1, vs.Latency.PValue, 9);
        Assert.False(vs.Latency.IsSignificant);
        Assert.Contains("not significant", vs.Latency.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_handful_of_runs_the_report_says_not_significant_instead_of_claiming_a_winner()
    {
        var runs = new List<WorkflowRunRecord>
        {
            Run("v1", 0, false, 0.01m, 0.2), Run("v1", 1, false, 0.01m, null), Run("v1", 2, true, 0.01m, null),
            Run("v2", 0, true, 0.02m, 0.9), Run("v2", 1, true, 0.03m, null), Run("v2", 2, true, 0.02m, null),
        };

        var vs = ExperimentReport.Build("research", runs).Versions[1].VersusControl!;

        Assert.False(vs.SuccessRate.IsSignificant);
        Assert.Contains("too few runs", vs.SuccessRate.Verdict, StringComparison.Ordinal);
        Assert.False(vs.JudgeScore.IsSignificant);
        Assert.True(double.IsNaN(vs.JudgeScore.PValue));
        Assert.Contains("need at least 2 each", vs.JudgeScore.Verdict, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.228, 10, 0.05001)] // t table: 2.228 is the 5% two-sided critical value at 10 df
    [InlineData(2.571, 5, 0.05)]
    [InlineData(1.0, 1, 0.5)] // Cauchy: P(|t| > 1) = 1/2
    public void Welch_p_values_match_the_t_table(double t, double df, double expected)
    {
        var p = ExperimentStatistics.RegularizedIncompleteBeta(df / 2, 0.5, df / (df + (t * t)));
        Assert.Equal(expected, p, 3);
    }

    [Fact]
    public void The_z_test_p_value_matches_the_normal_table()
    {
        Assert.Equal(0.05, ExperimentStatistics.Erfc(1.959964 / Math.Sqrt(2)), 1e-6);
        Assert.Equal(0.3173105, ExperimentStatistics.Erfc(1 / Math.Sqrt(2)), 1e-6);
    }

    private static WorkflowRunRecord Run(string version, int i, bool succeeded, decimal cost, double? judge) => new(
        $"{version}-{i}", "research", version, $"user-{i}", succeeded, cost, 100, TimeSpan.FromMilliseconds(1000 + (100 * (i % 4))), judge, succeeded ? "completed" : "max_turns", DateTimeOffset.UnixEpoch.AddMinutes(i));
}

namespace Orchestrator.Workflows;

/// <summary>One comparison of a version against the control.</summary>
/// <param name="Test">The test used (<c>two-proportion z</c> or <c>Welch t</c>).</param>
/// <param name="Statistic">z or t, version minus control; <see cref="double.NaN"/> when the test could not run.</param>
/// <param name="PValue">The two-sided p-value; <see cref="double.NaN"/> when the test could not run.</param>
/// <param name="IsSignificant">Whether p is below the report's alpha and the test's conditions were met.</param>
/// <param name="Verdict">A plain-words reading (<c>p = 0.012: significant</c>, <c>not significant</c>, <c>too few runs</c>).</param>
public sealed record SignificanceTest(string Test, double Statistic, double PValue, bool IsSignificant, string Verdict);

/// <summary>How a version compares with the control version.</summary>
/// <param name="Control">The control version.</param>
/// <param name="SuccessRate">The success rates (two-proportion z-test).</param>
/// <param name="Cost">The mean costs (Welch's t-test).</param>
/// <param name="Latency">The mean latencies (Welch's t-test).</param>
/// <param name="JudgeScore">The mean judge scores (Welch's t-test).</param>
public sealed record VersionComparison(string Control, SignificanceTest SuccessRate, SignificanceTest Cost, SignificanceTest Latency, SignificanceTest JudgeScore);

/// <summary>The metrics of one version in an experiment.</summary>
/// <param name="Version">The version.</param>
/// <param name="Runs">How many runs it had.</param>
/// <param name="Successes">How many succeeded.</param>
/// <param name="SuccessRate">Successes over runs (0 with no runs).</param>
/// <param name="TotalCostUsd">What all its runs cost.</param>
/// <param name="MeanCostUsd">The mean cost of a run.</param>
/// <param name="LatencyP50">The median latency.</param>
/// <param name="LatencyP95">The 95th-percentile latency.</param>
/// <param name="JudgedRuns">How many runs have a judge score.</param>
/// <param name="MeanJudgeScore">Their mean score, or <see langword="null"/> when none was judged.</param>
/// <param name="VersusControl">The comparison with the control, or <see langword="null"/> for the control itself.</param>
public sealed record VersionMetrics(
    string Version,
    int Runs,
    int Successes,
    double SuccessRate,
    decimal TotalCostUsd,
    double MeanCostUsd,
    TimeSpan LatencyP50,
    TimeSpan LatencyP95,
    int JudgedRuns,
    double? MeanJudgeScore,
    VersionComparison? VersusControl);

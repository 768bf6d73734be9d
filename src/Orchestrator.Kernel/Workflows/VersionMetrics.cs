namespace Orchestrator.Workflows;

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

namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>One workflow version's runs in an A/B experiment.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="WorkflowVersion">The version.</param>
/// <param name="Runs">Runs.</param>
/// <param name="SuccessRate">Share of runs that succeeded (0-1).</param>
/// <param name="CostUsd">Spend in US dollars.</param>
/// <param name="AverageCostUsd">Spend per run.</param>
/// <param name="AverageLatencyMs">Mean run latency in milliseconds.</param>
/// <param name="AverageJudgeScore">Mean judge score of judged runs, if any.</param>
/// <param name="TrafficShare">The share of traffic the version is given (from <c>workflow_versions</c>), if registered.</param>
public sealed record ExperimentResult(
    string WorkflowId,
    string WorkflowVersion,
    long Runs,
    decimal SuccessRate,
    decimal CostUsd,
    decimal AverageCostUsd,
    double AverageLatencyMs,
    double? AverageJudgeScore,
    decimal? TrafficShare);

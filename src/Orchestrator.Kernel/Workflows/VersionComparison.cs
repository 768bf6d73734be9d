namespace Orchestrator.Workflows;

/// <summary>How a version compares with the control version.</summary>
/// <param name="Control">The control version.</param>
/// <param name="SuccessRate">The success rates (two-proportion z-test).</param>
/// <param name="Cost">The mean costs (Welch's t-test).</param>
/// <param name="Latency">The mean latencies (Welch's t-test).</param>
/// <param name="JudgeScore">The mean judge scores (Welch's t-test).</param>
public sealed record VersionComparison(string Control, SignificanceTest SuccessRate, SignificanceTest Cost, SignificanceTest Latency, SignificanceTest JudgeScore);

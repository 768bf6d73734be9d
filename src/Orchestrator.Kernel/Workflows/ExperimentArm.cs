namespace Orchestrator.Workflows;

/// <summary>One version of an experiment and its share of the traffic.</summary>
/// <param name="Version">The workflow version.</param>
/// <param name="Weight">Its weight (any non-negative number; weights are normalized).</param>
public sealed record ExperimentArm(string Version, double Weight);

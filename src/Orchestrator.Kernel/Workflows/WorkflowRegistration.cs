namespace Orchestrator.Workflows;

/// <summary>The result of registering a definition.</summary>
/// <param name="Version">The version the definition has.</param>
/// <param name="Created">Whether this call created it (<see langword="false"/>: the same definition was already stored).</param>
public sealed record WorkflowRegistration(WorkflowVersion Version, bool Created);

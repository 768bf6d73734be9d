namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>A plan that failed validation; its message is sent back to the model to re-plan.</summary>
#pragma warning disable CA1064 // Caught inside the planner loop and never thrown out of the assembly.
internal sealed class PlanRejectedException(string message) : Exception(message);
#pragma warning restore CA1064

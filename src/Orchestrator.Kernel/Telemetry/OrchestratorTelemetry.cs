namespace Orchestrator.Telemetry;

/// <summary>The names under which Orchestrator emits OpenTelemetry traces and metrics (GenAI semantic conventions).</summary>
public static class OrchestratorTelemetry
{
    /// <summary>The ActivitySource and Meter name; add it to your tracer and meter providers.</summary>
    public const string SourceName = "Orchestrator";
}

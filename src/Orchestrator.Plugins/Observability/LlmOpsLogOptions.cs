using Orchestrator.Telemetry;

namespace Orchestrator.Plugins.Observability;

/// <summary>Settings of the LLMOps log (invocations and agent messages written to a database in the background).</summary>
public sealed class LlmOpsLogOptions
{
    /// <summary>Gets or sets the connection string: an Npgsql one for PostgreSQL, or a SQLite file path / connection string.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether the schema migrations run when the host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Gets or sets queue, batch and retry settings of the background writer.</summary>
    public BatchWriterOptions Writer { get; set; } = new();
}

namespace Orchestrator.Hosting.Dashboard;

/// <summary>Settings of the live dashboard (section <c>Orchestrator:Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Orchestrator:Dashboard";

    /// <summary>
    /// Gets or sets the Npgsql connection string of the LLMOps database the analytics panels read. Empty: the LLMOps
    /// log's own (<c>Orchestrator:LlmOps:ConnectionString</c>) when that is PostgreSQL; otherwise those panels say
    /// that no database is configured and the budget and breaker panels still work.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how far back the analytics panels look. Default 24 hours.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how many recent invocations the dashboard lists (1-500). Default 20.</summary>
    public int RecentInvocations { get; set; } = 20;

    /// <summary>Gets or sets how often the page polls, in seconds (1-3600). Default 5.</summary>
    public int RefreshSeconds { get; set; } = 5;
}

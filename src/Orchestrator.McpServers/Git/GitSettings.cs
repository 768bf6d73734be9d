namespace Orchestrator.McpServers.Git;

/// <summary>Settings of the read-only git server.</summary>
internal sealed class GitSettings
{
    /// <summary>Gets or sets the one repository (working tree) the server may read.</summary>
    public string? Repository { get; set; }

    /// <summary>Gets or sets the largest repository (.git directory) served, in bytes.</summary>
    public long MaxRepositoryBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Gets or sets the most commits <c>git_log</c> and <c>git_search</c> return.</summary>
    public int MaxLogCount { get; set; } = 1000;

    /// <summary>Gets or sets the most files a diff shows.</summary>
    public int MaxDiffFiles { get; set; } = 100;

    /// <summary>Gets or sets how many commits <c>git_search</c> inspects for content matches.</summary>
    public int MaxSearchCommits { get; set; } = 5000;

    /// <summary>Gets or sets the calls allowed per minute for each operation (status, log, diff, show, branch, blame, search).</summary>
    public int CallsPerMinutePerOperation { get; set; } = 60;
}

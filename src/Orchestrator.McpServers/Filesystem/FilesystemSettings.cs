namespace Orchestrator.McpServers.Filesystem;

/// <summary>Settings of the filesystem server, bound from the command line or the JSON config file.</summary>
internal sealed class FilesystemSettings
{
    /// <summary>The default names no tool may read, write, list into or move: secrets and credentials.</summary>
    public static readonly IReadOnlyList<string> DefaultForbiddenPatterns = Security.SecretPathPatterns.Defaults;

    /// <summary>Gets or sets the allowed root directories; at least one.</summary>
    public List<string> Roots { get; set; } = [];

    /// <summary>Gets or sets the forbidden name patterns (glob, case-insensitive, matched against every path segment below a root).</summary>
    public List<string> ForbiddenPatterns { get; set; } = [.. DefaultForbiddenPatterns];

    /// <summary>Gets or sets the largest file a tool reads or writes, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Gets or sets the read operations allowed per minute.</summary>
    public int ReadsPerMinute { get; set; } = 100;

    /// <summary>Gets or sets the write operations allowed per minute.</summary>
    public int WritesPerMinute { get; set; } = 50;

    /// <summary>Gets or sets how many entries a tree or search visits before it stops.</summary>
    public int MaxEntriesVisited { get; set; } = 20_000;

    /// <summary>Gets or sets how many directory levels below the starting directory a tree or search enters (each level holds one open handle).</summary>
    public int MaxDepth { get; set; } = 64;
}

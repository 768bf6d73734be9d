namespace Orchestrator.McpServers.Filesystem;

/// <summary>How a <see cref="SecureFileAccess.Walk"/> ended.</summary>
internal enum WalkOutcome
{
    /// <summary>Every reachable entry was visited.</summary>
    Complete,

    /// <summary>The entry budget ran out; the visitor saw the first entries only.</summary>
    EntryLimitReached,

    /// <summary>At least one directory lay deeper than the depth limit and was listed but not entered.</summary>
    DepthLimitReached,
}

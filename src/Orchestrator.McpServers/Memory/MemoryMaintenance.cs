namespace Orchestrator.McpServers.Memory;

/// <summary>A one-off maintenance run of the memory store instead of serving it.</summary>
internal enum MemoryMaintenance
{
    /// <summary>Serve the store.</summary>
    None,

    /// <summary>Re-encrypt every record under the current key (<c>--rotate-keys</c>).</summary>
    RotateKeys,

    /// <summary>Accept the records now on disk and sign a new manifest (<c>--rebuild-manifest</c>).</summary>
    RebuildManifest,
}

namespace Orchestrator.McpServers.Memory;

/// <summary>A record failed authentication (tampered, corrupted, or under a key this server does not hold).</summary>
internal sealed class MemoryIntegrityException : Exception
{
    public MemoryIntegrityException(string message)
        : base(message)
    {
    }

    public MemoryIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Orchestrator.McpServers.Security;

/// <summary>A file or one of its parents changed between the check and the use (a swapped-in link, a race).</summary>
internal sealed class FileChangedException : IOException
{
    public FileChangedException(string message)
        : base(message)
    {
    }
}

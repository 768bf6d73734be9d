namespace Orchestrator.McpServers.Security;

/// <summary>One audited operation.</summary>
/// <param name="Server">Which server handled it (filesystem, git, memory).</param>
/// <param name="Who">The client: its declared name, session and authenticated user when there is one.</param>
/// <param name="Tool">The tool that was called, as the client named it (even when it does not exist).</param>
/// <param name="Target">The path, ref or key the call was about.</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
/// <param name="Detail">The error sent back to the client, when there was one.</param>
internal sealed record AuditEntry(string Server, string Who, string Tool, string Target, string Outcome, string? Detail);

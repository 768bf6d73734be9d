namespace Orchestrator.McpServers.Security;

/// <summary>The outcome words written to the audit log.</summary>
internal static class AuditOutcomes
{
    public const string Success = "ok";
    public const string Refused = "refused";
    public const string Failed = "error";
}

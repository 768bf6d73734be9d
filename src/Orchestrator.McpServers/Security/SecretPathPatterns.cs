namespace Orchestrator.McpServers.Security;

/// <summary>
/// Names no tool may read: secrets and credentials (glob, case-insensitive, matched against every path segment). Shared
/// source: the filesystem MCP server and the RAG plugin's <c>ingest</c> function compile this one list.
/// </summary>
internal static class SecretPathPatterns
{
    public static readonly IReadOnlyList<string> Defaults =
    [
        ".env", ".env.*", "*.env", ".ssh", ".gnupg", ".aws", ".azure", ".kube", ".docker",
        "credentials", "credentials.*", "*credential*", "*secret*", ".git-credentials", ".netrc", ".npmrc", ".pypirc",
        "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore",
        "*.kdbx", "*.ppk",
    ];
}

namespace Orchestrator.McpServers.Memory;

/// <summary>One live record in the <see cref="StoreManifest"/>: the version in its file name, the SHA-256 of that file and its expiry.</summary>
internal sealed record ManifestEntry(long Version, string Digest, long ExpiresAtMs);

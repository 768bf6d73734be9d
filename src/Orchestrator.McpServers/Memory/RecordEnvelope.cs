namespace Orchestrator.McpServers.Memory;

/// <summary>
/// What is on disk for one record. Only <see cref="Data"/> is secret; the other fields are bound to it as
/// associated data, so changing any of them (a longer expiry, another type, a file renamed over another) fails decryption.
/// </summary>
internal sealed class RecordEnvelope
{
    public int V { get; set; } = 1;

    public string Id { get; set; } = string.Empty;

    public string KeyId { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public long CreatedAtMs { get; set; }

    public long ExpiresAtMs { get; set; }

    public string Nonce { get; set; } = string.Empty;

    public string Tag { get; set; } = string.Empty;

    public string Data { get; set; } = string.Empty;

    public byte[] AssociatedData() =>
        System.Text.Encoding.UTF8.GetBytes($"orchestrator-memory|v{V}|{Id}|{KeyId}|{Type}|{CreatedAtMs}|{ExpiresAtMs}");
}

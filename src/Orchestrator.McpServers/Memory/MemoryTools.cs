using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Server;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Memory;

/// <summary>Encrypted memory tools. Content is returned as JSON data; it is never interpreted by the server.</summary>
[McpServerToolType]
internal sealed class MemoryTools
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly MemoryStore _store;
    private readonly MemorySettings _settings;
    private readonly RateLimiter _limiter;

    public MemoryTools(MemoryStore store, MemorySettings settings, RateLimiter limiter)
    {
        _store = store;
        _settings = settings;
        _limiter = limiter;
    }

    [McpServerTool(Name = "memory_store", Title = "Store Memory", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Store (or replace) a memory under a key. Types and retention: conversation 24 h, facts 30 days, preferences 90 days, context 12 h. Personal data is detected and flagged.")]
    public async Task<string> StoreAsync(
        [Description("Unique name of the memory.")] string key,
        [Description("The text to remember.")] string content,
        [Description("conversation, facts, preferences or context.")] string type = MemoryTypes.Facts,
        [Description("Optional labels.")] string[]? tags = null,
        CancellationToken cancellationToken = default)
    {
        Limit();
        RequireKey(key);
        var memoryType = MemoryTypes.Require(type);
        if (string.IsNullOrEmpty(content) || content.Length > _settings.MaxContentChars)
        {
            throw ToolRefusal.Because($"content must be 1 to {_settings.MaxContentChars} characters.");
        }

        var cleanTags = (tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Take(32).ToArray();
        var record = await GuardAsync(() => _store.StoreAsync(key, memoryType, content, cleanTags, cancellationToken)).ConfigureAwait(false);
        return JsonSerializer.Serialize(new { stored = key, type = memoryType, expires_at = record.ExpiresAt, pii_detected = record.Pii }, Json);
    }

    [McpServerTool(Name = "memory_retrieve", Title = "Retrieve Memory", ReadOnly = true, OpenWorld = false)]
    [Description("Return one memory by key, decrypted and verified. A record that was tampered with, deleted or rolled back is reported as an error, never returned.")]
    public async Task<string> RetrieveAsync([Description("Name of the memory.")] string key, CancellationToken cancellationToken = default)
    {
        Limit();
        RequireKey(key);
        var record = await GuardAsync(() => _store.RetrieveAsync(key, cancellationToken)).ConfigureAwait(false) ?? throw ToolRefusal.Because($"No memory named '{key}' (it may have expired).");
        return JsonSerializer.Serialize(record, Json);
    }

    [McpServerTool(Name = "memory_search", Title = "Search Memory", ReadOnly = true, OpenWorld = false)]
    [Description("Find memories whose key, content or tags contain the query (case-insensitive), optionally of one type.")]
    public async Task<string> SearchAsync(
        [Description("Text to look for.")] string query,
        [Description("Only this type (optional).")] string? type = null,
        [Description("Maximum number of results.")] int max_results = 20,
        CancellationToken cancellationToken = default)
    {
        Limit();
        if (string.IsNullOrWhiteSpace(query))
        {
            throw ToolRefusal.Because("query is required.");
        }

        var only = type is null ? null : MemoryTypes.Require(type);
        var (records, failures) = await GuardAsync(() => _store.ReadAllAsync(cancellationToken)).ConfigureAwait(false);
        var matches = records
            .Where(r => only is null || r.Type == only)
            .Where(r => r.Key.Contains(query, StringComparison.OrdinalIgnoreCase) || r.Content.Contains(query, StringComparison.OrdinalIgnoreCase)
                        || r.Tags.Any(t => t.Contains(query, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(r => r.CreatedAt)
            .Take(Math.Clamp(max_results, 1, 1000));
        return JsonSerializer.Serialize(new { results = matches, integrity_failures = failures }, Json);
    }

    [McpServerTool(Name = "memory_list", Title = "List Memories", ReadOnly = true, OpenWorld = false)]
    [Description("List memory keys with type, times and PII flags (no content), optionally of one type. Integrity failures are listed too.")]
    public async Task<string> ListAsync([Description("Only this type (optional).")] string? type = null, CancellationToken cancellationToken = default)
    {
        Limit();
        var only = type is null ? null : MemoryTypes.Require(type);
        var (records, failures) = await GuardAsync(() => _store.ReadAllAsync(cancellationToken)).ConfigureAwait(false);
        var items = records.Where(r => only is null || r.Type == only).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new { key = r.Key, type = r.Type, created_at = r.CreatedAt, expires_at = r.ExpiresAt, pii = r.Pii, tags = r.Tags });
        return JsonSerializer.Serialize(new { memories = items, integrity_failures = failures }, Json);
    }

    [McpServerTool(Name = "memory_delete", Title = "Delete Memory", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Delete a memory by key.")]
    public async Task<string> DeleteAsync([Description("Name of the memory.")] string key, CancellationToken cancellationToken = default)
    {
        Limit();
        RequireKey(key);
        return await GuardAsync(() => _store.DeleteAsync(key, cancellationToken)).ConfigureAwait(false)
            ? $"Deleted memory '{key}'."
            : throw ToolRefusal.Because($"No memory named '{key}'.");
    }

    private void Limit() => _limiter.Acquire("memory", _settings.CallsPerMinute);

    private static void RequireKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 256 || key.Any(char.IsControl))
        {
            throw ToolRefusal.Because("key must be 1 to 256 characters without control characters.");
        }
    }

    /// <summary>Turns an integrity failure (one record, or the whole store failing closed) into a refusal the client sees verbatim.</summary>
    private static async Task<T> GuardAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (MemoryIntegrityException ex)
        {
            throw ToolRefusal.Because(ex.Message);
        }
    }
}

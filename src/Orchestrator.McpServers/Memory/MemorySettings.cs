namespace Orchestrator.McpServers.Memory;

/// <summary>Settings of the encrypted memory server.</summary>
internal sealed class MemorySettings
{
    /// <summary>Gets or sets the directory holding encrypted records.</summary>
    public string? Store { get; set; }

    /// <summary>Gets or sets the key file: one base64 32-byte key per line, the first is current, the rest are older keys still accepted for reading.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Gets or sets the environment variable holding the keys (same format, lines separated by ';') when no key file is given.</summary>
    public string KeyEnvironmentVariable { get; set; } = "ORCHESTRATOR_MEMORY_KEY";

    /// <summary>
    /// Gets or sets a file outside the store that keeps the highest change counter of the store's signed manifest, so
    /// rolling the whole store back to an earlier snapshot is detected across restarts. Optional; without it a rollback
    /// is detected only while the server runs.
    /// </summary>
    public string? CounterFile { get; set; }

    /// <summary>Gets or sets how long a conversation record lives.</summary>
    public TimeSpan ConversationRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how long a fact lives.</summary>
    public TimeSpan FactsRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets how long a preference lives.</summary>
    public TimeSpan PreferencesRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Gets or sets how long a context record lives.</summary>
    public TimeSpan ContextRetention { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Gets or sets the largest total size of the store, in bytes.</summary>
    public long MaxStoreBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Gets or sets the largest single record content, in characters.</summary>
    public int MaxContentChars { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how often expired records are purged.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the memory operations allowed per minute.</summary>
    public int CallsPerMinute { get; set; } = 300;

    public TimeSpan RetentionOf(string type) => type switch
    {
        MemoryTypes.Conversation => ConversationRetention,
        MemoryTypes.Facts => FactsRetention,
        MemoryTypes.Preferences => PreferencesRetention,
        MemoryTypes.Context => ContextRetention,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown memory type."),
    };
}

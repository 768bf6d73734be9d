using Orchestrator.McpServers.Hosting;
using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Tests;

/// <summary>A scratch memory store with its key file beside it (never inside it), and a way to start real servers on it.</summary>
internal sealed class MemoryHarness : IDisposable
{
    public MemoryHarness()
    {
        Store = Temp.Combine("store");
        KeyFile = Temp.Write("keys/current.key", KeyRing.NewKeyBase64());
    }

    public TempDirectory Temp { get; } = new();

    public string Store { get; }

    public string KeyFile { get; }

    public string Manifest => Path.Combine(Store, StoreManifest.FileName);

    public string[] RecordFiles() => [.. Directory.EnumerateFiles(Store, "*.rec").Order(StringComparer.Ordinal)];

    public MemorySettings Settings(Action<MemorySettings>? configure = null)
    {
        var settings = new MemorySettings { Store = Store, KeyFile = KeyFile };
        configure?.Invoke(settings);
        return settings;
    }

    public Task<McpTestHost> StartAsync(TimeProvider? time = null, Action<MemorySettings>? configure = null)
    {
        var settings = new ServerSettings { Server = "memory", AuditLog = Temp.Combine("audit.jsonl"), Memory = Settings(configure) };
        return McpTestHost.StartAsync(settings, time);
    }

    public void Dispose() => Temp.Dispose();
}

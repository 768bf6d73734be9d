namespace Orchestrator.Distribution.Tests.Infrastructure;

/// <summary>
/// Packs every packable project of the solution once per test run, from the build already made
/// (<c>dotnet pack --no-build</c>), into a temporary folder feed, under a version no earlier run used, so a restore
/// can never pick up a stale copy from the global packages folder. Packed on first use; the feed and the copies
/// restored from it are deleted at the end.
/// </summary>
public sealed class PackedFeed : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static readonly string[] Packages =
    [
        "Orchestrator.Kernel", "Orchestrator.Plugins", "Orchestrator.Plugins.Browser", "Orchestrator.Hosting",
        "Orchestrator.Providers.LlamaSharp", "Orchestrator.Embeddings.MiniLM", "Orchestrator.Rag.Qdrant", "Orchestrator.McpServers",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _packed;

    public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("orch-feed-").FullName;

    /// <summary>Packs on first call; later calls wait for that pack.</summary>
    public async Task<PackedFeed> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_packed)
            {
                var (code, output) = await ProcessRunner.RunAsync("dotnet",
                    ["pack", Repo.Path("Orchestrator.sln"), "--no-build", "-c", Configuration, "-o", Directory, $"-p:PackageVersion={Version}", "-nologo", "-v", "q"],
                    Repo.Root, timeout: TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
                Assert.True(code == 0, $"dotnet pack failed ({code}):\n{output}");
                _packed = true;
            }

            return this;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A nuget.config that takes Orchestrator.* from this feed only and everything else from nuget.org.</summary>
    public string WriteNuGetConfig(string directory)
    {
        var path = Path.Combine(directory, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Directory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="Orchestrator.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return path;
    }

    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Packages.Append("Orchestrator.Testing"))
        {
            var restored = Path.Combine(cache, package.ToLowerInvariant(), Version);
            if (System.IO.Directory.Exists(restored))
            {
                System.IO.Directory.Delete(restored, recursive: true);
            }

            var id = Path.GetDirectoryName(restored)!;
            if (System.IO.Directory.Exists(id) && !System.IO.Directory.EnumerateFileSystemEntries(id).Any())
            {
                System.IO.Directory.Delete(id);
            }
        }

        return ValueTask.CompletedTask;
    }
}

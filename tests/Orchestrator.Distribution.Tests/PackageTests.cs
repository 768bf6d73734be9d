using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;
using Orchestrator.Distribution.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Distribution.Tests;

/// <summary>The packages as a user gets them: packed from this build into a folder feed, inspected, and consumed by a fresh app.</summary>
public sealed class PackageTests(PackedFeed feed)
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public async Task Every_package_carries_readme_licence_xml_docs_repository_commit_a_deterministic_assembly_and_a_source_linked_symbol_package()
    {
        var ct = TestContext.Current.CancellationToken;
        await feed.GetAsync(ct);
        foreach (var id in PackedFeed.Packages)
        {
            var nupkg = Path.Combine(feed.Directory, $"{id}.{feed.Version}.nupkg");
            Assert.True(File.Exists(nupkg), $"{id} was not packed: {string.Join(", ", Directory.GetFiles(feed.Directory).Select(Path.GetFileName))}");
            using var package = ZipFile.OpenRead(nupkg);
            var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Root!;
            var metadata = nuspec.Element(nuspec.Name.Namespace + "metadata")!;
            XElement? Field(string name) => metadata.Element(nuspec.Name.Namespace + name);
            Assert.Equal("MIT", Field("license")?.Value);
            Assert.Equal("README.md", Field("readme")?.Value);
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")?.Value));
            var repository = Field("repository");
            Assert.NotNull(repository);
            Assert.Equal("https://github.com/orchestrator-dotnet/orchestrator", repository.Attribute("url")?.Value);
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);

            if (id != "Orchestrator.McpServers")
            {
                Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{id}.xml");
            }

            using var symbols = ZipFile.OpenRead(Path.ChangeExtension(nupkg, ".snupkg"));
            var pdbEntry = symbols.Entries.Single(e => e.Name == $"{id}.pdb");
            Assert.Contains("raw.githubusercontent.com/orchestrator-dotnet/orchestrator/" + repository.Attribute("commit")!.Value, SourceLinkOf(pdbEntry), StringComparison.Ordinal);
            var dll = package.Entries.FirstOrDefault(e => e.FullName.EndsWith($"/{id}.dll", StringComparison.Ordinal));
            Assert.True(dll is not null, $"{id} lacks {id}.dll");
            Assert.True(IsDeterministic(dll), $"{id}.dll was not built deterministically (no Reproducible debug directory entry).");
        }
    }

    [Fact]
    public async Task A_fresh_console_app_restores_the_packages_from_the_feed_routes_a_call_and_serves_the_dashboard()
    {
        var ct = TestContext.Current.CancellationToken;
        await feed.GetAsync(ct);
        await using var server = await WireServer.StartAsync(ct);
        server.Enqueue(ScriptedReply.Text("Hello from the wire", inputTokens: 1000, outputTokens: 500));

        var app = Directory.CreateTempSubdirectory("orch-consumer-").FullName;
        try
        {
            var source = Path.Combine(AppContext.BaseDirectory, "Consumer");
            File.Copy(Path.Combine(source, "Program.cs"), Path.Combine(app, "Program.cs"));
            File.WriteAllText(Path.Combine(app, "Consumer.csproj"), File.ReadAllText(Path.Combine(source, "Consumer.csproj.template")).Replace("$(OrchestratorVersion)", feed.Version, StringComparison.Ordinal));
            feed.WriteNuGetConfig(app);

            var (code, output) = await ProcessRunner.RunAsync("dotnet", ["run", "--", server.OpenAIEndpoint.ToString()], app, timeout: TimeSpan.FromMinutes(6), cancellationToken: ct);

            Assert.True(code == 0, output);
            Assert.Contains("reply: Hello from the wire", output, StringComparison.Ordinal);
            Assert.Contains("cost: 0.002", output, StringComparison.Ordinal);   // 1000 x $1/M + 500 x $2/M
            Assert.Contains("served by: wire/consumer-model", output, StringComparison.Ordinal);
            Assert.Contains("dashboard: True", output, StringComparison.Ordinal);
            Assert.Contains("loaded: Orchestrator.Plugins.Browser, Orchestrator.Embeddings.MiniLM, Orchestrator.Providers.LlamaSharp", output, StringComparison.Ordinal);
            Assert.Equal("Hello from a package", Assert.Single(server.Requests).LastUserText);
            var assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
            Assert.Contains($"\"Orchestrator.Kernel/{feed.Version}\"", assets, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    [Fact]
    public async Task The_orchestrator_mcp_tool_installs_from_the_feed_and_answers_an_MCP_initialize_over_stdio()
    {
        var ct = TestContext.Current.CancellationToken;
        await feed.GetAsync(ct);
        var tools = Directory.CreateTempSubdirectory("orch-tool-").FullName;
        var root = Directory.CreateTempSubdirectory("orch-tool-root-").FullName;
        try
        {
            var config = feed.WriteNuGetConfig(tools);
            var (code, output) = await ProcessRunner.RunAsync("dotnet",
                ["tool", "install", "Orchestrator.McpServers", "--version", feed.Version, "--tool-path", Path.Combine(tools, "bin"), "--configfile", config], tools, timeout: TimeSpan.FromMinutes(3), cancellationToken: ct);
            Assert.True(code == 0, output);

            var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(tools, "bin", "orchestrator-mcp")) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "filesystem", "--root", root })
            {
                start.ArgumentList.Add(a);
            }

            using var mcp = System.Diagnostics.Process.Start(start)!;
            try
            {
                await mcp.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"package-test","version":"1.0"}}}""");
                await mcp.StandardInput.FlushAsync(ct);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(60));
                var line = await mcp.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.NotNull(line);
                Assert.Contains("\"id\":1", line, StringComparison.Ordinal);
                Assert.Contains("\"serverInfo\"", line, StringComparison.Ordinal);
            }
            finally
            {
                mcp.Kill(entireProcessTree: true);
                await mcp.WaitForExitAsync(ct);
            }
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool IsDeterministic(ZipArchiveEntry dllEntry)
    {
        using var stream = new MemoryStream();
        using (var entry = dllEntry.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        return pe.ReadDebugDirectory().Any(d => d.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.Reproducible);
    }

    private static string SourceLinkOf(ZipArchiveEntry pdbEntry)
    {
        using var stream = new MemoryStream();
        using (var entry = pdbEntry.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
        var reader = provider.GetMetadataReader();
        var blob = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation).FirstOrDefault(c => reader.GetGuid(c.Kind) == SourceLinkKind);
        return blob.Value.IsNil ? string.Empty : System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(blob.Value));
    }
}

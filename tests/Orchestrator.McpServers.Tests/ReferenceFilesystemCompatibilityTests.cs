using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace Orchestrator.McpServers.Tests;

/// <summary>
/// Installs the real reference filesystem server from npm, reads its tools/list with our client, and checks that
/// every tool and required argument it declares is accepted by ours, and that both servers agree on results.
/// </summary>
public sealed class ReferenceFilesystemCompatibilityTests : IDisposable
{
    private const string ReferenceVersion = "2026.8.31";
    private readonly FilesystemFixture _ours = new();
    private readonly FilesystemFixture _theirs = new();

    [Fact]
    public async Task Every_reference_tool_and_required_argument_is_accepted_with_the_same_meaning()
    {
        var entry = await InstallReferenceServerAsync();
        await using var reference = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions { Name = "reference", Command = "node", Arguments = [entry, _theirs.Root] }),
            cancellationToken: TestContext.Current.CancellationToken);
        await using var ours = await McpTestHost.StartAsync(_ours.Settings());
        var theirTools = await reference.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var ourTools = (await ours.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        Assert.True(theirTools.Count >= 11, "the reference server listed suspiciously few tools");

        foreach (var tool in theirTools)
        {
            Assert.True(ourTools.TryGetValue(tool.Name, out var mine), $"reference tool '{tool.Name}' is missing");
            var theirProps = tool.JsonSchema.GetProperty("properties");
            var ourProps = mine.JsonSchema.GetProperty("properties");
            foreach (var required in Required(tool.JsonSchema))
            {
                Assert.True(ourProps.TryGetProperty(required, out var ourArg), $"{tool.Name}: argument '{required}' missing");
                Assert.Equal(TypeOf(theirProps.GetProperty(required)), TypeOf(ourArg));
            }

            Assert.All(Required(mine.JsonSchema), r => Assert.True(theirProps.TryGetProperty(r, out _), $"{tool.Name}: we require '{r}', the reference does not declare it"));
        }

        foreach (var (tool, args) in SameMeaningCalls())
        {
            var theirs = await reference.CallToolAsync(tool, args(_theirs.Root), cancellationToken: TestContext.Current.CancellationToken);
            var mine = await ours.Client.CallToolAsync(tool, args(_ours.Root), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(theirs.IsError == true, mine.IsError == true);
            if (tool == "edit_file")
            {
                // Diff headers differ by library; the meaning is the same lines removed and added (and the file, checked below).
                Assert.All(new[] { "-beta", "+BETA" }, line => Assert.Contains(line, theirs.Text() + "|" + mine.Text(), StringComparison.Ordinal));
                Assert.Contains("+BETA", mine.Text(), StringComparison.Ordinal);
                Assert.Contains("-beta", mine.Text(), StringComparison.Ordinal);
                continue;
            }

            Assert.Equal(Normalize(theirs.Text(), _theirs.Root), Normalize(mine.Text(), _ours.Root));
        }

        Assert.Equal(File.ReadAllText(Path.Combine(_theirs.Root, "docs/moved.md")), File.ReadAllText(Path.Combine(_ours.Root, "docs/moved.md")));
    }

    public void Dispose()
    {
        _ours.Dispose();
        _theirs.Dispose();
    }

    private static IEnumerable<(string Tool, Func<string, Dictionary<string, object?>> Args)> SameMeaningCalls() =>
    [
        ("read_text_file", r => new() { ["path"] = Path.Combine(r, "hello.txt") }),
        ("read_text_file", r => new() { ["path"] = Path.Combine(r, "hello.txt"), ["head"] = 2 }),
        ("read_text_file", r => new() { ["path"] = Path.Combine(r, "hello.txt"), ["tail"] = 1 }),
        ("read_file", r => new() { ["path"] = Path.Combine(r, "sub/inner.txt") }),
        ("create_directory", r => new() { ["path"] = Path.Combine(r, "docs") }),
        ("write_file", r => new() { ["path"] = Path.Combine(r, "docs/a.md"), ["content"] = "alpha\nbeta\ngamma" }),
        ("edit_file", r => new() { ["path"] = Path.Combine(r, "docs/a.md"), ["edits"] = new[] { new { oldText = "beta", newText = "BETA" } } }),
        ("move_file", r => new() { ["source"] = Path.Combine(r, "docs/a.md"), ["destination"] = Path.Combine(r, "docs/moved.md") }),
        ("read_text_file", r => new() { ["path"] = Path.Combine(r, "docs/moved.md") }),
        ("read_multiple_files", r => new() { ["paths"] = new[] { Path.Combine(r, "hello.txt"), Path.Combine(r, "sub/inner.txt") } }),
        ("list_directory", r => new() { ["path"] = Path.Combine(r, "docs") }),
        ("read_text_file", r => new() { ["path"] = Path.Combine(r, "../outside/data.txt") }),
    ];

    private static string Normalize(string text, string root) =>
        text.Replace(root, "ROOT", StringComparison.Ordinal).Replace(Path.GetFileName(Path.GetDirectoryName(root))!, "T", StringComparison.Ordinal) is var t
        && (t.Contains("Access denied", StringComparison.Ordinal) || t.Contains("Error", StringComparison.Ordinal)) ? "error" : t;

    private static IEnumerable<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(e => e.GetString()!) : [];

    private static string TypeOf(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().First(t => t.GetString() != "null").GetString()! : type.GetString()! : "any";

    private static async Task<string> InstallReferenceServerAsync()
    {
        var prefix = Path.Combine(Path.GetTempPath(), "orchestrator-mcp-reference", ReferenceVersion);
        var entry = Path.Combine(prefix, "node_modules", "@modelcontextprotocol", "server-filesystem", "dist", "index.js");
        if (File.Exists(entry))
        {
            return entry;
        }

        Directory.CreateDirectory(prefix);
        var psi = new ProcessStartInfo("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", $"@modelcontextprotocol/server-filesystem@{ReferenceVersion}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(psi)!;
        var stderr = npm.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await npm.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await npm.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(npm.ExitCode == 0, $"npm install failed: {await stderr}");
        return entry;
    }
}

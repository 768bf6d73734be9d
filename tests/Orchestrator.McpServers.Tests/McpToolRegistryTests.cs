using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Orchestrator.Mcp;
using Orchestrator.McpServers.Hosting;
using Orchestrator.Tools;

namespace Orchestrator.McpServers.Tests;

/// <summary>Tools discovered from the real filesystem MCP server (Streamable HTTP on loopback) into the registry, and called through a workbench.</summary>
public sealed class McpToolRegistryTests : IDisposable
{
    private const string Token = "registry-token-0123456789abcdef";
    private readonly FilesystemFixture _fs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mcp_tools_are_registered_with_risk_and_approval_from_their_annotations_and_called_only_when_approved()
    {
        var (settings, _) = CommandLine.Parse(["filesystem", "--root", _fs.Root, "--transport", "http", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        settings.Token = Token;
        await using var app = ServerHost.BuildHttp(settings);
        await app.StartAsync(Ct);
        await using var connection = await McpKernelExtensions.ConnectAsync(
            new McpServerConnectionOptions { Name = "filesystem", Url = new Uri($"http://127.0.0.1:{settings.Port}/mcp"), BearerToken = Token }, cancellationToken: Ct);
        var registry = new ToolRegistry();

        var added = registry.RegisterMcpTools(connection, prefix: "fs_");

        Assert.Equal(connection.Functions.Count, added.Count);
        var read = registry.Get("fs_read_text_file")!;
        Assert.Equal((ToolSource.Mcp, "filesystem", ToolRiskLevel.ReadOnly, false), (read.Source, read.SourceName, read.Risk, read.RequiresApproval));
        Assert.True(read.JsonSchema.GetProperty("properties").TryGetProperty("path", out _));
        Assert.Equal((ToolRiskLevel.Writes, true), (registry.Get("fs_write_file")!.Risk, registry.Get("fs_write_file")!.RequiresApproval));
        Assert.Equal((ToolRiskLevel.Writes, false), (registry.Get("fs_create_directory")!.Risk, registry.Get("fs_create_directory")!.RequiresApproval));
        Assert.Contains(registry.Search("read file"), t => t.Name == "fs_read_text_file");

        var approver = new DenyOnce();
        var catalog = new WorkbenchCatalog(registry, [new WorkbenchDefinition("files", ["fs_*"])], approver);
        var tools = catalog.GetTools("files", "writer").Cast<AIFunction>().ToDictionary(t => t.Name);
        Assert.Contains("hello", (await tools["fs_read_text_file"].InvokeAsync(new() { ["path"] = "hello.txt" }, Ct))!.ToString(), StringComparison.Ordinal);

        var denied = await tools["fs_write_file"].InvokeAsync(new() { ["path"] = "notes.txt", ["content"] = "first" }, Ct);
        Assert.Contains("denied", denied!.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_fs.Root, "notes.txt")));

        await tools["fs_write_file"].InvokeAsync(new() { ["path"] = "notes.txt", ["content"] = "second" }, Ct);
        Assert.Equal("second", await File.ReadAllTextAsync(Path.Combine(_fs.Root, "notes.txt"), Ct));
        Assert.Equal(["fs_write_file", "fs_write_file"], approver.Seen);
        await app.StopAsync(Ct);
    }

    public void Dispose() => _fs.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class DenyOnce : IToolApprovalService
    {
        public List<string> Seen { get; } = [];

        public ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken = default)
        {
            Seen.Add(request.Tool.Name);
            return ValueTask.FromResult(Seen.Count == 1 ? ToolApprovalDecision.Deny("not yet") : ToolApprovalDecision.Approve);
        }
    }
}

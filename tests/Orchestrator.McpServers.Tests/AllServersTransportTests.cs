using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Orchestrator.Mcp;
using Orchestrator.McpServers.Hosting;
using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Tests;

/// <summary>Each of the three servers, through the client plugin, as a stdio child process and over Streamable HTTP on loopback.</summary>
public sealed class AllServersTransportTests : IDisposable
{
    private const string Token = "all-servers-token-0123456789";
    private readonly FilesystemFixture _fs = new();
    private readonly GitFixture _git = new();
    private readonly TempDirectory _memory = new();
    private readonly string _keyFile;

    public AllServersTransportTests()
    {
        _keyFile = _memory.Write("keys/k", KeyRing.NewKeyBase64());
    }

    [Theory]
    [InlineData("filesystem")]
    [InlineData("git")]
    [InlineData("memory")]
    public async Task Each_server_works_and_refuses_attacks_as_a_stdio_child_process(string server)
    {
        await using var connection = await McpKernelExtensions.ConnectAsync(new McpServerConnectionOptions
        {
            Name = server,
            Command = "dotnet",
            Arguments = [ServerBinary.DllPath(), .. Arguments(server)],
        }, cancellationToken: TestContext.Current.CancellationToken);
        await ExerciseAsync(server, connection);
    }

    [Theory]
    [InlineData("filesystem")]
    [InlineData("git")]
    [InlineData("memory")]
    public async Task Each_server_works_and_refuses_attacks_over_http_on_loopback(string server)
    {
        var (settings, _) = CommandLine.Parse([.. Arguments(server), "--transport", "http", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        settings.Token = Token;
        await using var app = ServerHost.BuildHttp(settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        await using (var connection = await McpKernelExtensions.ConnectAsync(
            new McpServerConnectionOptions { Name = server, Url = new Uri($"http://127.0.0.1:{settings.Port}/mcp"), BearerToken = Token },
            cancellationToken: TestContext.Current.CancellationToken))
        {
            await ExerciseAsync(server, connection);
        }

        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        _fs.Dispose();
        _git.Dispose();
        _memory.Dispose();
    }

    private string[] Arguments(string server) => server switch
    {
        "filesystem" => ["filesystem", "--root", _fs.Root],
        "git" => ["git", "--repository", _git.RepoPath],
        _ => ["memory", "--store", _memory.Combine("store"), "--key-file", _keyFile],
    };

    private async Task ExerciseAsync(string server, McpPluginConnection connection)
    {
        AIFunction Tool(string name) => connection.Functions.Single(f => f.Name == name);
        async Task<string> CallAsync(string name, AIFunctionArguments args) =>
            (await Tool(name).InvokeAsync(args, TestContext.Current.CancellationToken))!.ToString()!;

        switch (server)
        {
            case "filesystem":
                Assert.Contains("hello", await CallAsync("read_text_file", new() { ["path"] = "hello.txt" }), StringComparison.Ordinal);
                var fsAttack = await Assert.ThrowsAsync<McpToolException>(() => CallAsync("read_text_file", new() { ["path"] = "link-dir/data.txt" }));
                Assert.DoesNotContain(FilesystemFixture.OutsideSecret, fsAttack.Message, StringComparison.Ordinal);
                break;
            case "git":
                Assert.Contains("Commit:", await CallAsync("git_log", new() { ["repo_path"] = _git.RepoPath }), StringComparison.Ordinal);
                await Assert.ThrowsAsync<McpToolException>(() => CallAsync("git_status", new() { ["repo_path"] = _git.OtherRepo }));
                break;
            default:
                await CallAsync("memory_store", new() { ["key"] = "colour", ["content"] = "teal", ["type"] = "preferences" });
                Assert.Contains("teal", await CallAsync("memory_retrieve", new() { ["key"] = "colour" }), StringComparison.Ordinal);
                await Assert.ThrowsAsync<McpToolException>(() => CallAsync("memory_store", new() { ["key"] = "x", ["content"] = "y", ["type"] = "secrets" }));
                break;
        }

        Assert.True((await connection.CheckHealthAsync(TestContext.Current.CancellationToken)).IsHealthy);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

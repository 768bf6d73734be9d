using System.Net;
using System.Net.Sockets;
using Microsoft.SemanticKernel;
using Orchestrator.Mcp;
using Orchestrator.McpServers.Hosting;

namespace Orchestrator.McpServers.Tests;

/// <summary>The same servers as a child process over stdio and over Streamable HTTP on loopback, through the client plugin.</summary>
public sealed class TransportTests : IDisposable
{
    private const string Token = "test-token-0123456789abcdef";
    private readonly FilesystemFixture _fx = new();

    [Fact]
    public async Task A_kernel_calls_the_filesystem_server_running_as_a_stdio_child_process()
    {
        var kernel = new Kernel();
        await using var connection = await kernel.ImportMcpPluginAsync("fs", new McpServerConnectionOptions
        {
            Name = "fs",
            Command = "dotnet",
            Arguments = [ServerBinary.DllPath(), "filesystem", "--root", _fx.Root, "--audit-log", _fx.AuditPath],
            AllowedTools = ["read_text_file", "list_directory"],
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["list_directory", "read_text_file"], kernel.Plugins["fs"].Select(f => f.Name).Order(StringComparer.Ordinal));
        var result = await kernel.InvokeAsync("fs", "read_text_file", new KernelArguments { ["path"] = "hello.txt" }, TestContext.Current.CancellationToken);
        var text = result.GetValue<object>()!.ToString()!;
        Assert.Contains("trust=\"untrusted-data\"", text, StringComparison.Ordinal);
        Assert.Contains("hello\nworld", text, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<McpToolException>(() => kernel.InvokeAsync("fs", "read_text_file", new KernelArguments { ["path"] = "../outside/data.txt" }, TestContext.Current.CancellationToken));
        Assert.False(refused.IsTransient);
        Assert.Contains("Access denied", refused.Message, StringComparison.Ordinal);
        var health = await connection.CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.True(health.IsHealthy, health.Error);
        Assert.Contains("refused", _fx.Audit(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allow_listed_tool_the_server_lacks_is_a_typed_error()
    {
        await Assert.ThrowsAsync<McpServerUnavailableException>(() => McpKernelExtensions.ConnectAsync(new McpServerConnectionOptions
        {
            Command = "dotnet",
            Arguments = [ServerBinary.DllPath(), "filesystem", "--root", _fx.Root],
            AllowedTools = ["rm_rf"],
        }, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Over_http_only_loopback_hosts_allowed_origins_and_the_bearer_token_get_through()
    {
        var port = FreePort();
        var settings = _fx.Settings();
        settings.Transport = TransportKind.Http;
        settings.Port = port;
        settings.Token = Token;
        await using var app = ServerHost.BuildHttp(settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = new Uri($"http://127.0.0.1:{port}/mcp");

        await using (var connection = await McpKernelExtensions.ConnectAsync(new McpServerConnectionOptions { Name = "fs-http", Url = url, BearerToken = Token }, cancellationToken: TestContext.Current.CancellationToken))
        {
            var read = connection.Functions.Single(f => f.Name == "read_text_file");
            var text = (await read.InvokeAsync(new() { ["path"] = "hello.txt" }, TestContext.Current.CancellationToken))!.ToString();
            Assert.Contains("hello", text, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<McpServerUnavailableException>(() => McpKernelExtensions.ConnectAsync(
            new McpServerConnectionOptions { Url = url, BearerToken = "wrong-token-0000000000", MaxRetries = 0 }, cancellationToken: TestContext.Current.CancellationToken));

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, url, null, null)).StatusCode);
        Assert.Equal((HttpStatusCode)421, (await SendAsync(http, url, "evil.example.com", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, url, null, "http://evil.example.com")).StatusCode);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose() => _fx.Dispose();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, string? host, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", System.Text.Encoding.UTF8, "application/json") };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
            request.Headers.Authorization = new("Bearer", Token);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

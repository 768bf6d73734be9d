using Orchestrator.Distribution.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Distribution.Tests;

/// <summary>Runs each sample host of the <c>orchestrator</c> CLI as a user would, offline, against the wire-level test server.</summary>
public sealed class SampleTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string Cli = Repo.Path("src", "Orchestrator.Samples", "bin", Configuration, "net10.0", "orchestrator.dll");

    [Fact]
    public async Task Chat_failover_sample_fails_over_from_a_failing_primary_and_stops_at_the_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var primary = await WireServer.StartAsync(ct);
        await using var fallback = await WireServer.StartAsync(ct);
        primary.DefaultReply = ScriptedReply.Fault(WireFault.ServiceUnavailable());
        fallback.DefaultReply = ScriptedReply.Text("Hello there, nice to meet", inputTokens: 1000, outputTokens: 1000);

        var (code, output) = await RunAsync(["sample", "chat-failover", "--primary", primary.OpenAIEndpoint.ToString(), "--fallback", fallback.OpenAIEndpoint.ToString(), "--limit", "0.01"], ct);

        Assert.True(code == 0, output);
        // Each call costs 1000 x $1/M + 1000 x $2/M = $0.003: three fit in $0.01, the fourth's reservation does not.
        Assert.Contains("call 1: served by fallback after 2 attempt(s); cost $0.003", output, StringComparison.Ordinal);
        Assert.Contains("failed over from primary", output, StringComparison.Ordinal);
        Assert.Contains("call 3: served by fallback", output, StringComparison.Ordinal);
        Assert.Contains("call 4: refused by the budget", output, StringComparison.Ordinal);
        Assert.Equal(3, fallback.Requests.Count);
        Assert.DoesNotContain("call 5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rag_sample_indexes_a_folder_and_answers_from_it_with_citations_through_a_model()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("orch-rag-sample-docs-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "lighthouse.md"), "# Lighthouse keeping\n\nThe keeper of the Skerry lighthouse trims the lamp wick every evening at dusk and logs the weather at midnight.", ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "bakery.md"), "# Bakery hours\n\nThe bakery on Mill Street opens at six and sells rye bread until noon.", ct);
            await using var model = await WireServer.StartAsync(ct);
            model.DefaultReply = ScriptedReply.Text("The keeper trims the wick at dusk [1].");

            var (code, output) = await RunAsync(["sample", "rag", folder, "When does the lighthouse keeper trim the wick?", "--provider", model.OpenAIEndpoint.ToString()], ct);

            Assert.True(code == 0, output);
            Assert.Contains("indexed 2 document(s)", output, StringComparison.Ordinal);
            Assert.Contains("The keeper trims the wick at dusk [1].", output, StringComparison.Ordinal);
            Assert.Contains("[1] Lighthouse keeping (lighthouse.md#0)", output, StringComparison.Ordinal);
            // The model was given the retrieved passage to ground its answer.
            Assert.Contains("trims the lamp wick every evening at dusk", Assert.Single(model.Requests).Body, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Agents_sample_reader_calls_the_filesystem_mcp_server_and_the_file_reaches_the_model()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("orch agents sample docs ").FullName; // a space: the root is passed as one argument
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "ferry.md"), "The Skerry ferry leaves the harbour at 07:40 on weekdays.", ct);
            await using var model = await WireServer.StartAsync(ct);
            model.Enqueue(
                ScriptedReply.ToolCall("fs_read_text_file", """{"path":"ferry.md"}"""),
                ScriptedReply.Text("ferry.md says it leaves at 07:40 on weekdays."),
                ScriptedReply.Text("The ferry leaves at 07:40."));
            var server = Repo.Path("src", "Orchestrator.McpServers", "bin", Configuration, "net10.0", "Orchestrator.McpServers.dll");

            var (code, output) = await RunAsync(["sample", "agents", folder, "When does the ferry leave?", "--provider", model.OpenAIEndpoint.ToString(), "--server", $"dotnet {server}"], ct);

            Assert.True(code == 0, output);
            Assert.Contains("MCP tool(s) registered from the filesystem server", output, StringComparison.Ordinal);
            Assert.Contains("1. reader", output, StringComparison.Ordinal);
            Assert.Contains("tool fs_read_text_file(", output, StringComparison.Ordinal);
            Assert.Contains("2. writer", output, StringComparison.Ordinal);
            Assert.Contains("The ferry leaves at 07:40.", output, StringComparison.Ordinal);
            Assert.Matches(@"finished: \w+; 2 turns, \d+ tokens, cost \$0\.\d+", output);
            Assert.Equal(3, model.Requests.Count);
            // The reader's tool list offered the workbench's read-only tools, not the writing ones.
            Assert.Contains("fs_read_text_file", model.Requests[0].Body, StringComparison.Ordinal);
            Assert.DoesNotContain("fs_write_file", model.Requests[0].Body, StringComparison.Ordinal);
            // The file's content, read by the real MCP server, reached the model in the reader's next request.
            Assert.Contains("leaves the harbour at 07:40", model.Requests[1].Body, StringComparison.Ordinal);
            Assert.DoesNotContain("leaves the harbour at 07:40", model.Requests[0].Body, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Gateway_sample_requires_a_key_answers_the_official_openai_client_and_refuses_an_over_budget_key_with_402()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await WireServer.StartAsync(ct);
        model.DefaultReply = ScriptedReply.Text("Hello from the scripted provider.", inputTokens: 12, outputTokens: 6);

        var (code, output) = await RunAsync(["sample", "gateway", "--provider", model.OpenAIEndpoint.ToString(), "--urls", $"http://127.0.0.1:{FreePort()}", "--once"], ct);

        Assert.True(code == 0, output);
        Assert.Contains("key for demo-user, daily budget $1 (shown once):", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^sk-orch-\S{20,}\s*$", output);
        Assert.Contains("without a valid key: refused with 401", output, StringComparison.Ordinal);
        Assert.Contains("with the key: Hello from the scripted provider. (12 + 6 tokens)", output, StringComparison.Ordinal);
        // The over-budget key is refused with 402 in OpenAI's error format.
        Assert.Contains("over its budget (thrifty-user, $0.000001 a day): refused with 402", output, StringComparison.Ordinal);
        var error = System.Text.Json.JsonDocument.Parse(output[output.IndexOf("{\"error\"", StringComparison.Ordinal)..].Split('\n')[0]).RootElement.GetProperty("error");
        Assert.Equal(("insufficient_quota", "budget_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("thrifty-user", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        // Only the keyed call within budget reached the provider, with the user's message.
        Assert.Contains("Say hello in five words.", Assert.Single(model.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_hosts_the_dashboard_page_and_its_data_on_loopback()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        var ledger = Path.Combine(Path.GetTempPath(), $"orch-serve-{Guid.NewGuid():N}.db");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(Cli)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Cli, "serve", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["Orchestrator__Budgets__SqlitePath"] = ledger;
        start.Environment["Orchestrator__LlmOps__SqlitePath"] = ledger + ".llmops";
        start.Environment["Orchestrator__Budgets__Limits__0__Scope"] = "User";
        start.Environment["Orchestrator__Budgets__Limits__0__Period"] = "Daily";
        start.Environment["Orchestrator__Budgets__Limits__0__Limit"] = "5";
        using var serve = System.Diagnostics.Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var page = await WaitForAsync(() => http.GetStringAsync(new Uri("/dashboard/", UriKind.Relative), ct), serve, ct);
            Assert.Contains("<title>Orchestrator dashboard</title>", page, StringComparison.Ordinal);
            Assert.Contains("data-refresh-seconds=\"5\"", page, StringComparison.Ordinal);
            Assert.Contains("\"use strict\"", await http.GetStringAsync(new Uri("/dashboard/dashboard.js", UriKind.Relative), ct), StringComparison.Ordinal);
            Assert.Contains("\"configured\":false", await http.GetStringAsync(new Uri("/dashboard/api/llmops", UriKind.Relative), ct), StringComparison.Ordinal);
            Assert.Contains("\"configured\":true", await http.GetStringAsync(new Uri("/dashboard/api/budgets", UriKind.Relative), ct), StringComparison.Ordinal);

            // serve logs every call (here to SQLite): readiness reports the log (503 overall: no provider is enabled).
            using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
            Assert.Contains("\"llmops-log\":{\"status\":\"Healthy\"", await ready.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(ct);
            File.Delete(ledger);
            File.Delete(ledger + ".llmops");
        }
    }

    private static async Task<string> WaitForAsync(Func<Task<string>> get, System.Diagnostics.Process process, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await get();
            }
            catch (HttpRequestException) when (attempt < 120 && !process.HasExited)
            {
                await Task.Delay(500, ct);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string[] arguments, CancellationToken ct) =>
        ProcessRunner.RunAsync("dotnet", [Cli, .. arguments], Path.GetDirectoryName(Cli)!, new Dictionary<string, string?> { ["COLUMNS"] = "300" }, TimeSpan.FromMinutes(3), ct);
}

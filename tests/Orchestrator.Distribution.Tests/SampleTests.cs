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

    private static Task<(int ExitCode, string Output)> RunAsync(string[] arguments, CancellationToken ct) =>
        ProcessRunner.RunAsync("dotnet", [Cli, .. arguments], Path.GetDirectoryName(Cli)!, new Dictionary<string, string?> { ["COLUMNS"] = "300" }, TimeSpan.FromMinutes(3), ct);
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Agents;
using Orchestrator.Configuration;
using Orchestrator.Testing.Wire;
using Orchestrator.Usage;

namespace Orchestrator.Benchmarks.Agents;

/// <summary>
/// What early termination saves. A critic agent streams a 300-word review whose verdict (<c>APPROVED</c>) comes at word 12,
/// as reviewers tend to state the verdict and then explain it, through the real router and meter against the wire-level
/// server (OpenAI protocol, one word per chunk, 1 ms apart). Baseline: the run reads the whole review. Early: a text-match
/// condition cuts the provider stream when the verdict arrives. The setup prints the tokens and cost of one run of each
/// (gpt-4o-mini list prices from the catalog); the benchmark measures the time.
/// </summary>
[MemoryDiagnoser]
public class EarlyTerminationBenchmarks
{
    private const int Words = 300;
    private const int VerdictAt = 12;
    private const string Instructions = "Review the draft. Start with APPROVED or CHANGES, then explain.";
    private const string Question = "Review: otters use rocks as tools.";
    private ServiceProvider _services = null!;
    private WireServer _server = null!;
    private AgentGroup _full = null!;
    private AgentGroup _early = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await WireServer.StartAsync();
        var review = string.Join(' ', Enumerable.Range(1, Words).Select(i => i == VerdictAt ? "APPROVED" : $"point{i}"));

        // The server reports the prompt as the meter estimates it for a cut stream, so both runs bill the same input and
        // the difference is what early termination saves: the output not generated.
        var prompt = TiktokenTokenEstimator.CountPromptTokens(new TiktokenTokenEstimator(), [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, Question)]);
        _server.DefaultReply = ScriptedReply.Text(review, inputTokens: (int)prompt, outputTokens: Words).WithChunkDelay(TimeSpan.FromMilliseconds(1));
        var services = new ServiceCollection();
        services.AddOrchestrator(options =>
        {
            options.Routing.HealthChecks = false;
            options.Providers["openai"] = new ProviderOptions { Type = "openai", BaseUrl = _server.OpenAIEndpoint.ToString(), ApiKey = "sk-bench", Models = ["gpt-4o-mini"] };
        }).AddStandardProviders().AddAgents();
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<AgentGroupFactory>();
        AgentDefinition[] critic = [new("critic", Instructions)];
        _full = factory.Create(new WorkflowDefinition("review", AgentPatterns.Sequential, critic, new TerminationDefinition()));
        _early = factory.Create(new WorkflowDefinition("review", AgentPatterns.Sequential, critic, new TerminationDefinition(TextMatch: "APPROVED")));

        var full = await _full.RunAsync(Question);
        var early = await _early.RunAsync(Question);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// early-termination: full run {full.Usage.OutputTokens} output tokens, {full.Usage.InputTokens + full.Usage.OutputTokens} total, ${full.Usage.Cost:0.########} ({full.Reason}); " +
            $"cut run {early.Usage.OutputTokens} output tokens, {early.Usage.InputTokens + early.Usage.OutputTokens} total, ${early.Usage.Cost:0.########} ({early.Reason}); " +
            $"saved {full.Usage.OutputTokens - early.Usage.OutputTokens} output tokens ({1 - ((double)early.Usage.OutputTokens / full.Usage.OutputTokens):P0}), " +
            $"${full.Usage.Cost - early.Usage.Cost:0.########} ({1 - (early.Usage.Cost / full.Usage.Cost):P0} of the call's cost)"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "critic reads its whole review")]
    public Task<AgentGroupResult> FullReview() => _full.RunAsync(Question);

    [Benchmark(Description = "text match stops at the verdict")]
    public Task<AgentGroupResult> StopAtVerdict() => _early.RunAsync(Question);
}

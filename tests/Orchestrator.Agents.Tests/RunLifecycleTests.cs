using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Agents.Tests;

/// <summary>Checkpoint and resume, the run record for experiments, the message bus and bad definitions.</summary>
public sealed class RunLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly WorkflowDefinition Pipeline = new("pipeline", AgentPatterns.Sequential,
        [new("first", "First agent."), new("second", "Second agent."), new("third", "Third agent.")], new TerminationDefinition());

    [Fact]
    public async Task A_run_that_failed_midway_resumes_in_another_host_from_its_file_checkpoint_without_asking_finished_agents_again()
    {
        var checkpoints = Directory.CreateTempSubdirectory("orch-checkpoints-").FullName;
        try
        {
            AgentGroupResult failed;
            await using (var before = await AgentHost.StartAsync(o => o.CheckpointDirectory = checkpoints, cancellationToken: Ct))
            {
                before.Server.Enqueue(ScriptedReply.Text("one", inputTokens: 10, outputTokens: 1), ScriptedReply.Fault(WireFault.BadRequest("model overloaded")));
                failed = await before.Factory.Create(Pipeline).RunAsync("Go", new AgentGroupRunOptions { RunId = "run-1", UserId = "alice" }, Ct);
            }

            Assert.Equal(TerminationReasons.Failed, failed.Reason);
            Assert.NotNull(failed.Error);
            Assert.Equal(["one"], failed.Messages.Select(m => m.Content));

            await using var after = await AgentHost.StartAsync(o => o.CheckpointDirectory = checkpoints, cancellationToken: Ct);
            after.Server.Enqueue(ScriptedReply.Text("two", inputTokens: 20, outputTokens: 1), ScriptedReply.Text("three", inputTokens: 30, outputTokens: 1));

            var resumed = await after.Factory.Create(Pipeline).ResumeAsync("run-1", new AgentGroupRunOptions { UserId = "alice" }, Ct);

            Assert.Equal(TerminationReasons.Completed, resumed.Reason);
            Assert.Equal("three", resumed.Output);
            Assert.Equal(["first", "second", "third"], resumed.Messages.Where(m => m.Kind == "text").Select(m => m.Sender));
            Assert.Equal(3, resumed.Turns);
            Assert.Equal(2, after.ChatRequests.Count);
            Assert.Contains("Second agent.", after.ChatRequests[0].Body, StringComparison.Ordinal);
            Assert.Contains("one", after.ChatRequests[0].Body, StringComparison.Ordinal);

            // The whole run's usage: the call before the failure and the two after the resume.
            Assert.Equal(60, resumed.Usage.InputTokens);
            Assert.Equal(((60 * 3m) + (3 * 15m)) / 1_000_000m, resumed.Usage.Cost);
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    [Fact]
    public async Task Resuming_an_unknown_run_or_another_workflows_run_is_refused_with_a_clear_error()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.DefaultReply = ScriptedReply.Text("ok");
        var group = host.Factory.Create(Pipeline);
        await group.RunAsync("Go", new AgentGroupRunOptions { RunId = "known" }, Ct);
        var other = host.Factory.Create(Pipeline with { Name = "other" });

        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => group.ResumeAsync("missing", cancellationToken: Ct));
        var mismatch = await Assert.ThrowsAsync<InvalidOperationException>(() => other.ResumeAsync("known", cancellationToken: Ct));

        Assert.Contains("run 'missing'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("belongs to workflow 'pipeline'", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_run_is_recorded_for_experiments_with_version_subject_cost_and_reason()
    {
        var runs = new CollectingRunSink();
        await using var host = await AgentHost.StartAsync(services: s => s.AddSingleton<IWorkflowRunSink>(runs), cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("a", inputTokens: 10, outputTokens: 2), ScriptedReply.Text("b", inputTokens: 10, outputTokens: 2), ScriptedReply.Text("c", inputTokens: 10, outputTokens: 2));

        var result = await host.Factory.Create(Pipeline).RunAsync("Go", new AgentGroupRunOptions { UserId = "alice", WorkflowVersion = "v7" }, Ct);

        var record = Assert.Single(runs.Records);
        Assert.Equal((result.RunId, "pipeline", "v7", "alice", true, "completed"), (record.RunId, record.WorkflowId, record.WorkflowVersion, record.SubjectKey, record.Succeeded, record.TerminationReason));
        Assert.Equal(((30 * 3m) + (6 * 15m)) / 1_000_000m, record.CostUsd);
        Assert.Equal(36, record.TotalTokens);
        Assert.Equal(result.Elapsed, record.Latency);
    }

    [Fact]
    public async Task A_failing_bus_subscriber_neither_stops_the_run_nor_keeps_messages_from_the_log()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        var seen = new List<string>();
        using var broken = host.Services.GetRequiredService<IAgentMessageBus>().Subscribe(null, (_, _) => throw new InvalidOperationException("listener bug"));
        using var monitor = host.Services.GetRequiredService<IAgentMessageBus>().Subscribe(null, (m, _) => { seen.Add(m.Sender); return ValueTask.CompletedTask; });
        host.Server.DefaultReply = ScriptedReply.Text("fine");

        var result = await host.Factory.Create(Pipeline).RunAsync("Go", cancellationToken: Ct);

        Assert.Equal(TerminationReasons.Completed, result.Reason);
        Assert.Equal(["first", "second", "third"], seen);
        Assert.Equal(3, (await host.AgentMessagesAsync(result.RunId, Ct)).Count);
    }

    [Theory]
    [InlineData("swarm", "first", null, null, "pattern 'swarm' is unknown")]
    [InlineData(AgentPatterns.Sequential, "First", null, null, "names the agent 'First' twice")]
    [InlineData(AgentPatterns.Sequential, "x", "ultra", null, "tier 'ultra' is unknown")]
    [InlineData(AgentPatterns.Sequential, "x", null, "tools", "workbench 'tools' has no tools")]
    [InlineData(AgentPatterns.Research, "x", null, null, "exactly four agents")]
    public async Task Bad_definitions_are_refused_at_build_time_naming_the_workflow_and_field(string pattern, string secondName, string? tier, string? workbench, string expected)
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        var definition = new WorkflowDefinition("bad", pattern, [new("first", "A."), new(secondName, "B.", Tier: tier, Workbench: workbench)], new TerminationDefinition());

        var error = Assert.Throws<ArgumentException>(() => host.Factory.Create(definition));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_agent_never_reaches_a_cloud_model_and_the_run_fails_saying_why()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        var definition = new WorkflowDefinition("secret", AgentPatterns.Sequential, [new("keeper", "Keep secrets.", PrivacyMode: "private")], new TerminationDefinition());

        var result = await host.Factory.Create(definition).RunAsync("Summarize the payroll", cancellationToken: Ct);

        Assert.Equal(TerminationReasons.Failed, result.Reason);
        Assert.IsType<NoProviderAvailableException>(result.Error, exactMatch: false);
        Assert.Empty(host.ChatRequests);
    }

    private sealed class CollectingRunSink : IWorkflowRunSink
    {
        public List<WorkflowRunRecord> Records { get; } = [];

        public ValueTask RecordAsync(WorkflowRunRecord run, CancellationToken cancellationToken = default)
        {
            Records.Add(run);
            return ValueTask.CompletedTask;
        }
    }
}

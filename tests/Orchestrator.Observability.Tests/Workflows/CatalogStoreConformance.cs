using Microsoft.Extensions.AI;
using Orchestrator.Agents;
using Orchestrator.Tools;
using Orchestrator.Workflows;

namespace Orchestrator.Observability.Tests.Workflows;

/// <summary>The tool registry and workflow stores behave the same on PostgreSQL and SQLite (after the real migrations).</summary>
public abstract class CatalogStoreConformance
{
    private static readonly WorkflowDefinition Research = new(
        "research",
        "research",
        [new("planner", "Plan."), new("researcher", "Research.", Tier: "2", Workbench: "research")],
        new(MaxTurns: 6, Timeout: TimeSpan.FromSeconds(90)));

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<(IToolRegistryStore Tools, IWorkflowStore Workflows)> CreateAsync();

    [Fact]
    public async Task Built_in_rows_carry_meaningful_policies_after_migration()
    {
        var (tools, _) = await CreateAsync();

        var stored = (await tools.ListAsync(Ct)).ToDictionary(t => t.Name);

        Assert.Equal((ToolSource.KernelFunction, ToolRiskLevel.ReadOnly, false), (stored["hybrid_search"].Source, stored["hybrid_search"].Risk, stored["hybrid_search"].RequiresApproval));
        Assert.Equal((ToolSource.Mcp, ToolRiskLevel.Writes, true, "filesystem"), (stored["filesystem"].Source, stored["filesystem"].Risk, stored["filesystem"].RequiresApproval, stored["filesystem"].SourceName));
        Assert.Equal(ToolRiskLevel.ReadOnly, stored["git"].Risk);
        Assert.Equal("object", stored["hybrid_search"].JsonSchema.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_registry_round_trips_and_an_operator_disable_in_the_store_disables_the_live_tool()
    {
        var (store, _) = await CreateAsync();
        var registry = new ToolRegistry();
        registry.Register(AIFunctionFactory.Create((string q, int top) => q, "web_search", "Searches the web."), new ToolRegistration { Risk = ToolRiskLevel.ReadOnly, CostHintUsd = 0.005m, Category = "web" });
        registry.Register(AIFunctionFactory.Create((string to) => to, "send_mail", "Sends mail."));

        Assert.Equal(2, await registry.SaveAsync(store, Ct));
        var saved = (await store.ListAsync(Ct)).Single(t => t.Name == "web_search");
        Assert.Equal((ToolSource.Host, ToolRiskLevel.ReadOnly, 0.005m, false, "web", true), (saved.Source, saved.Risk, saved.CostHintUsd, saved.RequiresApproval, saved.Category, saved.IsEnabled));
        Assert.Equal("integer", saved.JsonSchema.GetProperty("properties").GetProperty("top").GetProperty("type").GetString());
        Assert.True((await store.ListAsync(Ct)).Single(t => t.Name == "send_mail").RequiresApproval);

        // An operator switches send_mail off in the database; a re-save must not switch it back on.
        await DisableAsync("send_mail");
        await registry.SaveAsync(store, Ct);
        var fresh = new ToolRegistry();
        fresh.Register(AIFunctionFactory.Create((string to) => to, "send_mail", "Sends mail."));
        Assert.Equal(6, await fresh.LoadAsync(store, Ct));

        Assert.False(fresh.Get("send_mail")!.IsEnabled);
        Assert.True(fresh.IsCallable("send_mail"));
        Assert.False(fresh.IsCallable("web_search"));
        Assert.Equal("Searches the web.", fresh.Get("web_search")!.Description);
        Assert.Contains(fresh.Search("web"), t => t.Name == "web_search");
    }

    [Fact]
    public async Task An_unchanged_definition_keeps_its_version_and_a_changed_one_gets_the_next_without_traffic()
    {
        var (_, store) = await CreateAsync();

        var first = await store.RegisterAsync(Research, "baseline", Ct);
        var again = await store.RegisterAsync(Research with { Agents = [.. Research.Agents] }, "same", Ct);
        var changed = await store.RegisterAsync(Research with { Termination = Research.Termination with { MaxTurns = 4 } }, "fewer turns", Ct);

        Assert.Equal(("v1", true, 1.0, true), (first.Version.Version, first.Created, first.Version.TrafficShare, first.Version.IsActive));
        Assert.Equal(("v1", false, "baseline"), (again.Version.Version, again.Created, again.Version.Description));
        Assert.Equal(("v2", true, 0.0, false), (changed.Version.Version, changed.Created, changed.Version.TrafficShare, changed.Version.IsActive));
        var versions = await store.ListVersionsAsync("research", Ct);
        Assert.Equal(["v1", "v2"], versions.Select(v => v.Version));
        Assert.Equal(4, versions[1].Definition.Termination.MaxTurns);
        Assert.Equal(TimeSpan.FromSeconds(90), versions[0].Definition.Termination.Timeout);
        Assert.Equal(WorkflowVersioning.ComputeHash(Research), versions[0].ContentHash);
        Assert.Equal(["research"], await store.ListWorkflowsAsync(Ct));

        await store.SetTrafficAsync("research", new Dictionary<string, double> { ["v1"] = 0.7, ["v2"] = 0.3 }, Ct);
        var experiment = WorkflowExperiment.FromVersions("research", await store.ListVersionsAsync("research", Ct));
        Assert.Equal([("v1", 0.7), ("v2", 0.3)], experiment.Arms.Select(a => (a.Version, Math.Round(a.Weight, 4))));

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SetTrafficAsync("research", new Dictionary<string, double> { ["v1"] = 0.5, ["v9"] = 0.5 }, Ct));
        Assert.Equal(0.3, Math.Round((await store.ListVersionsAsync("research", Ct))[1].TrafficShare, 4)); // the failed change left nothing behind
    }

    [Fact]
    public async Task Concurrent_registrations_of_different_definitions_get_distinct_versions()
    {
        var (_, store) = await CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(turns =>
            Task.Run(() => store.RegisterAsync(Research with { Termination = new(MaxTurns: turns) }, cancellationToken: Ct))));

        Assert.All(results, r => Assert.True(r.Created));
        Assert.Equal(["v1", "v2", "v3", "v4", "v5", "v6"], results.Select(r => r.Version.Version).Order(StringComparer.Ordinal));
        Assert.Single(results, r => r.Version.TrafficShare == 1);
    }

    [Fact]
    public async Task Runs_are_stored_once_read_back_exactly_and_feed_the_experiment_report()
    {
        var (_, store) = await CreateAsync();
        var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        var runs = Enumerable.Range(0, 12).Select(i => new WorkflowRunRecord(
            $"run-{i}", "research", i % 2 == 0 ? "v1" : "v2", $"user-{i}", i % 3 != 0, 0.0125m * (i + 1), 1000 + i, TimeSpan.FromMilliseconds(800 + (50 * i)),
            i < 6 ? 0.5 + (i / 20.0) : null, i % 3 != 0 ? "completed" : "max_cost", at.AddMinutes(i))).ToList();

        foreach (var run in runs)
        {
            await store.RecordAsync(run, Ct);
        }

        await store.RecordAsync(runs[0], Ct); // a retried write is ignored
        var read = await store.ListRunsAsync("research", cancellationToken: Ct);
        var recent = await store.ListRunsAsync("research", at.AddMinutes(10), Ct);

        Assert.Equal(runs, read);
        Assert.Equal(["run-10", "run-11"], recent.Select(r => r.RunId));
        var report = ExperimentReport.Build("research", read);
        Assert.Equal(Summary(ExperimentReport.Build("research", runs)), Summary(report));
        Assert.Equal((6, 4), (report.Versions[0].Runs, report.Versions[0].Successes)); // v1 runs 0,2,4,6,8,10; 0 and 6 stopped on cost
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.RecordAsync(runs[1] with { RunId = "bad", JudgeScore = 1.5 }, Ct));
    }

    /// <summary>Switches a tool off directly in the database, as an operator would.</summary>
    protected abstract Task DisableAsync(string tool);

    private static List<string> Summary(ExperimentReport report) => [.. report.Versions.Select(v =>
        $"{v.Version} {v.Runs} {v.Successes} {v.TotalCostUsd:0.########} {v.MeanCostUsd:0.########} {v.LatencyP50} {v.LatencyP95} {v.JudgedRuns} {v.MeanJudgeScore:0.######} " +
        $"{v.VersusControl?.SuccessRate.PValue:0.######} {v.VersusControl?.Cost.PValue:0.######} {v.VersusControl?.Latency.PValue:0.######} {v.VersusControl?.JudgeScore.PValue:0.######}")];
}

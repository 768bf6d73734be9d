using Orchestrator.Agents;
using Orchestrator.Workflows;

namespace Orchestrator.Kernel.Tests.Workflows;

public sealed class WorkflowVersioningTests
{
    private static readonly WorkflowDefinition Research = new(
        "research",
        "research",
        [new("planner", "Plan the research.", Tier: "2"), new("researcher", "Find sources.", Workbench: "research")],
        new(MaxTurns: 8, MaxCostUsd: 0.5m, Timeout: TimeSpan.FromMinutes(2)));

    [Fact]
    public void An_equal_definition_has_the_same_hash_and_any_change_a_different_one()
    {
        var copy = Research with { Agents = [.. Research.Agents] };

        Assert.Equal(WorkflowVersioning.ComputeHash(Research), WorkflowVersioning.ComputeHash(copy));
        Assert.Matches("^[0-9a-f]{64}$", WorkflowVersioning.ComputeHash(Research));
        Assert.NotEqual(WorkflowVersioning.ComputeHash(Research), WorkflowVersioning.ComputeHash(Research with { Termination = Research.Termination with { MaxTurns = 9 } }));
        Assert.NotEqual(
            WorkflowVersioning.ComputeHash(Research),
            WorkflowVersioning.ComputeHash(Research with { Agents = [Research.Agents[0] with { Instructions = "Plan the research carefully." }, Research.Agents[1]] }));
    }

    [Fact]
    public void The_canonical_json_round_trips_and_leaves_nulls_out()
    {
        var json = WorkflowVersioning.ToJson(Research);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        var back = WorkflowVersioning.FromJson(json);
        Assert.Equal(WorkflowVersioning.ComputeHash(Research), WorkflowVersioning.ComputeHash(back));
        Assert.Equal(TimeSpan.FromMinutes(2), back.Termination.Timeout);
        Assert.Throws<FormatException>(() => WorkflowVersioning.FromJson("{not json"));
    }

    [Theory]
    [InlineData(new string[0], "v1")]
    [InlineData(new[] { "v1" }, "v2")]
    [InlineData(new[] { "v2", "v10", "v9" }, "v11")]
    [InlineData(new[] { "baseline", "v3" }, "v4")]
    public void Versions_are_numbered_after_the_highest(string[] existing, string next) =>
        Assert.Equal(next, WorkflowVersioning.NextVersion(existing));
}

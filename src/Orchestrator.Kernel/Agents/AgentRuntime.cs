using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Orchestrator.Catalog;
using Orchestrator.Judging;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Usage;

namespace Orchestrator.Agents;

/// <summary>What every group run shares: the routed chat client, the catalog for live cost estimates, the bus, the stores and the judge.</summary>
internal sealed class AgentRuntime
{
    public AgentRuntime(
        IChatClient router,
        ProviderRegistry? registry,
        ModelCatalog catalog,
        ITokenEstimator estimator,
        IAgentMessageBus bus,
        IAgentCheckpointStore checkpoints,
        IWorkflowRunSink? runSink,
        IWorkbenchCatalog? workbenches,
        ILlmJudge? judge,
        AgentsOptions options,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        Router = router;
        Registry = registry;
        Catalog = catalog;
        Estimator = estimator;
        Bus = bus;
        Checkpoints = checkpoints;
        RunSink = runSink;
        Workbenches = workbenches;
        Judge = judge;
        Options = options;
        Time = time;
        LoggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger("Orchestrator.Agents");
    }

    public IChatClient Router { get; }

    public ProviderRegistry? Registry { get; }

    public ModelCatalog Catalog { get; }

    public ITokenEstimator Estimator { get; }

    public IAgentMessageBus Bus { get; }

    public IAgentCheckpointStore Checkpoints { get; }

    public IWorkflowRunSink? RunSink { get; }

    public IWorkbenchCatalog? Workbenches { get; }

    public ILlmJudge? Judge { get; }

    public AgentsOptions Options { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    /// <summary>
    /// The client an agent's turns go through: the router (routing, failover, privacy, budgets, metering), or for an agent
    /// pinned to <c>provider/model</c> that model's budgeted, metered client (no failover: the agent asked for that model).
    /// </summary>
    public IChatClient ClientFor(string workflow, AgentDefinition agent)
    {
        if (agent.Model is null)
        {
            return Router;
        }

        if (Registry is null || !agent.Model.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Workflow '{workflow}', agent '{agent.Name}': model '{agent.Model}' must be written provider/model (a configured provider and one of its models).");
        }

        try
        {
            return Registry.GetChatClient(agent.Model);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or ArgumentException or OrchestratorException)
        {
            throw new ArgumentException($"Workflow '{workflow}', agent '{agent.Name}': model '{agent.Model}' is not configured: {ex.Message}", ex);
        }
    }

    /// <summary>An Agent Framework agent for one turn: the agent's client, its tools, and request options naming the run <paramref name="runId"/>.</summary>
    public ChatClientAgent CreateAgent(WorkflowDefinition workflow, AgentDefinition agent, AgentGroupRunOptions run, string runId, IReadOnlyList<AITool> tools)
    {
        var options = new ChatOptions { Tools = tools.Count > 0 ? [.. tools] : null };
        options.WithAgent(agent.Name).WithWorkflow(workflow.Name, run.WorkflowVersion);

        // Workbench tool calls and refusals are logged under the run, next to the agents' own messages.
        options.AdditionalProperties![Orchestrator.Tools.WorkbenchCatalog.RunIdProperty] = runId;
        if (run.UserId is { } user)
        {
            options.WithUserId(user);
        }

        if (run.TeamId is { } team)
        {
            options.WithTeamId(team);
        }

        if (AgentDefinitionParser.Routing(workflow.Name, agent) is { } routing)
        {
            options.WithRouting(routing);
        }

        return new ChatClientAgent(
            ClientFor(workflow.Name, agent),
            new ChatClientAgentOptions { Name = agent.Name, Description = Describe(agent), ChatOptions = options },
            LoggerFactory);
    }

    /// <summary>The model a streamed update names, for pricing a stream in flight.</summary>
    public ModelDescriptor? FindModel(string? modelId) =>
        modelId is null ? null : Catalog.Models.FirstOrDefault(m => string.Equals(m.Id, modelId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first line of an agent's instructions: what other agents and the speaker selector are told about it.</summary>
    public static string Describe(AgentDefinition agent)
    {
        var text = agent.Instructions ?? string.Empty;
        var end = text.IndexOfAny(['\n', '\r']);
        return (end < 0 ? text : text[..end]).Trim();
    }
}

using Microsoft.Extensions.AI;
using Orchestrator.Telemetry;

namespace Orchestrator.Agents;

/// <summary>
/// Turns a <see cref="WorkflowDefinition"/> into a runnable <see cref="AgentGroup"/>: checks it, resolves each agent's
/// workbench tools and builds its termination condition. Registered by <c>AddAgents()</c>; it also subscribes the
/// <c>agent_messages</c> log (every <see cref="IAgentMessageSink"/>) to the message bus.
/// </summary>
public sealed class AgentGroupFactory
{
    private readonly AgentRuntime _runtime;

    internal AgentGroupFactory(AgentRuntime runtime, IEnumerable<IAgentMessageSink> sinks)
    {
        _runtime = runtime;
        var targets = sinks.ToArray();
        if (targets.Length > 0)
        {
            runtime.Bus.Subscribe(null, (message, cancellationToken) => LogAsync(targets, message, cancellationToken));
        }
    }

    /// <summary>Builds a group.</summary>
    /// <param name="definition">The workflow definition.</param>
    /// <param name="tools">
    /// Tools passed directly, keyed by workbench name (used when no <see cref="IWorkbenchCatalog"/> is registered) or by
    /// agent name (added to that agent's tools), or <see langword="null"/>.
    /// </param>
    /// <returns>The group, ready to run any number of times.</returns>
    /// <exception cref="ArgumentException">The definition is invalid: the message names the workflow, the agent and the field.</exception>
    public AgentGroup Create(WorkflowDefinition definition, IReadOnlyDictionary<string, IReadOnlyList<AITool>>? tools = null)
    {
        AgentDefinitionParser.Validate(definition);
        var resolved = new Dictionary<string, IReadOnlyList<AITool>>(StringComparer.OrdinalIgnoreCase);
        foreach (var agent in definition.Agents)
        {
            _ = _runtime.ClientFor(definition.Name, agent);
            resolved[agent.Name] = [.. ToolsOf(definition.Name, agent, tools)];
        }

        var termination = TerminationFactory.Create(definition.Termination, _runtime.Judge, _runtime.Options.DefaultMaxTurns);
        return new AgentGroup(definition, _runtime, resolved, termination);
    }

    private IEnumerable<AITool> ToolsOf(string workflow, AgentDefinition agent, IReadOnlyDictionary<string, IReadOnlyList<AITool>>? direct)
    {
        if (agent.Workbench is { } workbench)
        {
            if (_runtime.Workbenches is { } catalog)
            {
                IReadOnlyList<AITool> fromCatalog;
                try
                {
                    fromCatalog = catalog.GetTools(workbench, agent.Name);
                }
                catch (KeyNotFoundException ex)
                {
                    throw new ArgumentException($"Workflow '{workflow}', agent '{agent.Name}': workbench '{workbench}' is not defined in the tool registry.", ex);
                }

                foreach (var tool in fromCatalog)
                {
                    yield return tool;
                }
            }
            else if (direct is not null && direct.TryGetValue(workbench, out var passed))
            {
                foreach (var tool in passed)
                {
                    yield return tool;
                }
            }
            else
            {
                throw new ArgumentException($"Workflow '{workflow}', agent '{agent.Name}': workbench '{workbench}' has no tools: register an IWorkbenchCatalog (the tool registry) or pass tools for '{workbench}' to Create.");
            }
        }

        if (direct is not null && !string.Equals(agent.Workbench, agent.Name, StringComparison.OrdinalIgnoreCase) && direct.TryGetValue(agent.Name, out var own))
        {
            foreach (var tool in own)
            {
                yield return tool;
            }
        }
    }

    private static async ValueTask LogAsync(IAgentMessageSink[] sinks, AgentMessage message, CancellationToken cancellationToken)
    {
        var record = new AgentMessageRecord
        {
            MessageId = message.Id,
            ConversationId = message.RunId,
            Sender = message.Sender,
            Recipient = message.Recipient,
            MessageType = message.Kind,
            Content = message.Content,
            Tokens = (int)Math.Min(int.MaxValue, message.Tokens),
            CostUsd = message.CostUsd,
            TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString(),
            WorkflowId = message.Workflow,
            WorkflowVersion = message.WorkflowVersion,
            CreatedAt = message.CreatedAt,
        };
        foreach (var sink in sinks)
        {
            await sink.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }
}

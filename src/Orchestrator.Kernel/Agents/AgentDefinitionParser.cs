using System.Globalization;
using Orchestrator.Routing;

namespace Orchestrator.Agents;

/// <summary>Reads the free-text fields of an <see cref="AgentDefinition"/> (tier, privacy) and checks a definition before it runs.</summary>
internal static class AgentDefinitionParser
{
    public static void Validate(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw new ArgumentException("The workflow definition has no name.", nameof(definition));
        }

        if (!AgentPatterns.All.Contains(definition.Pattern, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Workflow '{definition.Name}': pattern '{definition.Pattern}' is unknown; use one of {string.Join(", ", AgentPatterns.All)}.", nameof(definition));
        }

        if (definition.Agents is null || definition.Agents.Count == 0)
        {
            throw new ArgumentException($"Workflow '{definition.Name}' has no agents.", nameof(definition));
        }

        if (definition.Pattern == AgentPatterns.Research && definition.Agents.Count != 4)
        {
            throw new ArgumentException($"Workflow '{definition.Name}': the research pattern takes exactly four agents (planner, researcher, writer, critic), not {definition.Agents.Count}.", nameof(definition));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var agent in definition.Agents)
        {
            if (agent is null || string.IsNullOrWhiteSpace(agent.Name))
            {
                throw new ArgumentException($"Workflow '{definition.Name}' has an agent without a name.", nameof(definition));
            }

            if (!seen.Add(agent.Name))
            {
                throw new ArgumentException($"Workflow '{definition.Name}' names the agent '{agent.Name}' twice; names must be unique (case-insensitive).", nameof(definition));
            }

            _ = Routing(definition.Name, agent);
        }

        ArgumentNullException.ThrowIfNull(definition.Termination, nameof(definition));
    }

    /// <summary>The routing constraints of an agent's turns, or <see langword="null"/> when it sets none.</summary>
    public static RoutingRequest? Routing(string workflow, AgentDefinition agent)
    {
        RoutingRequest? request = null;
        if (agent.Tier is { } tierText)
        {
            var tier = tierText.Trim().ToUpperInvariant() switch
            {
                "LOCAL" => 0,
                "CHEAP" => 1,
                "MID" => 2,
                "PREMIUM" => 3,
                var other when int.TryParse(other, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 3 => number,
                _ => throw new ArgumentException($"Workflow '{workflow}', agent '{agent.Name}': tier '{tierText}' is unknown; use 0-3 or local, cheap, mid, premium."),
            };
            request = new RoutingRequest { MinTier = tier, MaxTier = tier };
        }

        if (agent.PrivacyMode is { } privacy)
        {
            var isPrivate = privacy.Trim().ToUpperInvariant() switch
            {
                "PRIVATE" or "LOCAL" or "LOCAL_ONLY" => true,
                "DEFAULT" or "CLOUD" or "" => false,
                _ => throw new ArgumentException($"Workflow '{workflow}', agent '{agent.Name}': privacy mode '{privacy}' is unknown; use private (local models only) or default."),
            };
            if (isPrivate)
            {
                request = (request ?? new RoutingRequest()) with { Private = true };
            }
        }

        return request;
    }
}

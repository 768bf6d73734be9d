using System.Text;
using Microsoft.Extensions.AI;
using Orchestrator.Telemetry;

namespace Orchestrator.Agents;

/// <summary>The orchestration patterns. Each derives where it is from the messages so far, so a resumed run picks up where it stopped.</summary>
internal sealed partial class AgentGroupRun
{
    private const string Done = "DONE";
    private const string Approved = "APPROVED";

    private Task RunPatternAsync() => Definition.Pattern switch
    {
        AgentPatterns.Sequential => RunSequentialAsync(),
        AgentPatterns.Concurrent => RunConcurrentAsync(),
        AgentPatterns.Handoff => RunHandoffAsync(),
        AgentPatterns.GroupChat => RunRoundRobinAsync(),
        AgentPatterns.GroupChatModelSelected => RunSelectedAsync(),
        AgentPatterns.Research => RunResearchAsync(),
        _ => throw new InvalidOperationException($"Pattern '{Definition.Pattern}' is unknown."),
    };

    private int TextTurns() => Snapshot().Count(m => m.Kind == "text");

    private async Task RunSequentialAsync()
    {
        for (var i = TextTurns(); i < Definition.Agents.Count && !Stopped; i++)
        {
            await RunTurnAsync(Definition.Agents[i], Conversation(), []).ConfigureAwait(false);
        }
    }

    private async Task RunConcurrentAsync()
    {
        // Fan-out: every agent that has not answered yet gets the same input at once; fan-in: the output joins them in agent order.
        var answered = Snapshot().Where(m => m.Kind == "text").Select(m => m.Sender).ToHashSet(StringComparer.Ordinal);
        var history = Conversation();
        await Task.WhenAll(Definition.Agents.Where(a => !answered.Contains(a.Name)).Select(a => RunTurnAsync(a, history, []))).ConfigureAwait(false);
    }

    private async Task RunRoundRobinAsync()
    {
        while (!Stopped)
        {
            var next = Definition.Agents[TextTurns() % Definition.Agents.Count];
            await RunTurnAsync(next, Conversation(), []).ConfigureAwait(false);
        }
    }

    private async Task RunSelectedAsync()
    {
        while (!Stopped)
        {
            var name = Volatile.Read(ref _nextAgent) ?? await SelectSpeakerAsync().ConfigureAwait(false);
            if (name is null)
            {
                return;
            }

            Volatile.Write(ref _nextAgent, name);
            await RunTurnAsync(Definition.Agents.First(a => string.Equals(a.Name, name, StringComparison.Ordinal)), Conversation(), []).ConfigureAwait(false);
            Volatile.Write(ref _nextAgent, null);
        }
    }

    private async Task RunHandoffAsync()
    {
        var current = Volatile.Read(ref _nextAgent) ?? Definition.Agents[0].Name;
        while (!Stopped)
        {
            Volatile.Write(ref _nextAgent, current);
            var agent = Definition.Agents.First(a => string.Equals(a.Name, current, StringComparison.Ordinal));
            string? target = null;
            var handoffs = Definition.Agents.Where(a => !ReferenceEquals(a, agent)).Select(a => HandoffTool(agent, a, name => target ??= name)).ToList();
            await RunTurnAsync(agent, Conversation(), handoffs, () => target).ConfigureAwait(false);
            if (target is null)
            {
                return;
            }

            AgentsLog.HandedOff(_runtime.Logger, _runId, agent.Name, target);
            await _runtime.Bus.PublishAsync(Note(agent.Name, "handoff", $"handoff to {target}", target), CancellationToken.None).ConfigureAwait(false);
            current = target;
            Volatile.Write(ref _nextAgent, current);
        }
    }

    private async Task RunResearchAsync()
    {
        // planner -> researcher -> writer -> critic, then writer and critic again until the critic approves or the revisions run out.
        var agents = Definition.Agents;
        while (!Stopped)
        {
            var turns = TextTurns();
            AgentDefinition next;
            if (turns < agents.Count)
            {
                next = agents[turns];
            }
            else if ((turns - agents.Count) % 2 == 0)
            {
                // The critic spoke last: stop on approval or when the revisions are used up, else the writer revises.
                var review = Snapshot().Last(m => m.Kind == "text");
                if (review.Content.Contains(Approved, StringComparison.OrdinalIgnoreCase) || (turns - agents.Count) / 2 >= _runtime.Options.MaxRevisions)
                {
                    return;
                }

                next = agents[2];
            }
            else
            {
                next = agents[3];
            }

            await RunTurnAsync(next, Conversation(), []).ConfigureAwait(false);
        }
    }

    private static AIFunction HandoffTool(AgentDefinition from, AgentDefinition to, Action<string> handOff) =>
        AIFunctionFactory.Create(
            () =>
            {
                handOff(to.Name);

                // The conversation now belongs to the other agent: end this agent's tool loop without another model call.
                if (FunctionInvokingChatClient.CurrentContext is { } context)
                {
                    context.Terminate = true;
                }

                return $"Handed off from {from.Name} to {to.Name}.";
            },
            new AIFunctionFactoryOptions
            {
                Name = "handoff_to_" + ToolSafe(to.Name),
                Description = $"Hand the conversation to {to.Name}. {AgentRuntime.Describe(to)}",
            });

    private static string ToolSafe(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>Asks a model (through the router) who speaks next; an answer naming no agent falls back to the next in turn.</summary>
    private async Task<string?> SelectSpeakerAsync()
    {
        var roster = string.Join('\n', Definition.Agents.Select(a => $"- {a.Name}: {AgentRuntime.Describe(a)}"));
        var transcript = string.Join('\n', Conversation().Select(m => $"{m.AuthorName ?? m.Role.Value}: {m.Text}"));
        var prompt = new List<ChatMessage>
        {
            new(ChatRole.System, $"You choose who speaks next in a group chat working on a task. The agents:\n{roster}\nReply with one agent name only, or {Done} when the task is complete."),
            new(ChatRole.User, transcript),
        };
        var options = new ChatOptions { MaxOutputTokens = 20 }.WithAgent("speaker_selector").WithWorkflow(Definition.Name, _options.WorkflowVersion);
        if (_options.UserId is { } user)
        {
            options.WithUserId(user);
        }

        string answer;
        using (var scope = InvocationScope.Begin())
        {
            try
            {
                answer = (await _runtime.Router.GetResponseAsync(prompt, options, _runToken).ConfigureAwait(false)).Text.Trim().Trim('.', '"', '\'', '*');
            }
            finally
            {
                _progress.AddOverhead(scope.Usage.InputTokens + scope.Usage.OutputTokens, scope.Usage.Cost);
            }
        }

        if (string.Equals(answer, Done, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var chosen = Definition.Agents.FirstOrDefault(a => string.Equals(a.Name, answer, StringComparison.OrdinalIgnoreCase))
            ?? Definition.Agents.FirstOrDefault(a => answer.Contains(a.Name, StringComparison.OrdinalIgnoreCase));
        if (chosen is not null)
        {
            return chosen.Name;
        }

        var fallback = Definition.Agents[TextTurns() % Definition.Agents.Count].Name;
        AgentsLog.SelectorFellBack(_runtime.Logger, _runId, answer, fallback);
        return fallback;
    }
}

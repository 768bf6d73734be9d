using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Catalog;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Agents;

/// <summary>One agent turn: stream it, check termination on every update, cut it at once when a condition fires, settle its usage, publish its message.</summary>
internal sealed partial class AgentGroupRun
{
    private static readonly JsonSerializerOptions CompactJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private async Task<AgentMessage> RunTurnAsync(AgentDefinition agent, List<ChatMessage> history, IReadOnlyList<AITool> extraTools, Func<string?>? recipient = null)
    {
        var turn = _progress.Turns + 1;
        await EmitAsync(new AgentStartedEvent(_runId, agent.Name, turn)).ConfigureAwait(false);
        _progress.BeginTurn(agent.Name);
        var prompt = new List<ChatMessage>(history.Count + 1);
        if (!string.IsNullOrWhiteSpace(agent.Instructions))
        {
            // Instructions travel as a system message (not ChatOptions.Instructions) so the budget gate's prompt estimate counts them.
            prompt.Add(new ChatMessage(ChatRole.System, agent.Instructions));
        }

        prompt.AddRange(history);
        var tools = StopAwareFunction.Wrap(_group.Tools.TryGetValue(agent.Name, out var own) ? [.. own, .. extraTools] : extraTools);
        var chatAgent = _runtime.CreateAgent(Definition, agent, _options, _runId, tools);
        var promptTokens = TiktokenTokenEstimator.CountPromptTokens(_runtime.Estimator, prompt);

        var text = new StringBuilder();
        long outputTokens = 0;
        ModelDescriptor? model = null;
        var partial = false;
        InvocationUsage usage;
        using (var scope = InvocationScope.Begin())
        {
            try
            {
                await foreach (var update in chatAgent.RunStreamingAsync(prompt, null, null, _runToken).ConfigureAwait(false))
                {
                    model ??= _runtime.FindModel((update.RawRepresentation as ChatResponseUpdate)?.ModelId);
                    foreach (var content in update.Contents)
                    {
                        await OnContentAsync(agent, content, tools).ConfigureAwait(false);
                    }

                    var piece = update.Text;
                    if (string.IsNullOrEmpty(piece))
                    {
                        continue;
                    }

                    // Everything received counts, also a piece that arrives after a stop: the budget gate charges it too.
                    text.Append(piece);
                    outputTokens += _runtime.Estimator.CountTokens(piece);
                    if (_options.StreamTokens)
                    {
                        await EmitAsync(new AgentTokenEvent(_runId, agent.Name, piece)).ConfigureAwait(false);
                    }

                    _progress.Streamed(agent.Name, text.ToString(), promptTokens + outputTokens, model is null ? 0m : CostCalculator.Compute(model, promptTokens, outputTokens, 0));
                    if (!Stopped && _termination.CheckProgress(_progress) is { } reason)
                    {
                        // Cancels the provider stream now; the next read throws, the metered client records the cut
                        // call and the budget gate settles what streamed.
                        Stop(reason);
                    }
                }
            }
            catch (OperationCanceledException) when (Stopped)
            {
                partial = true;
            }

            usage = scope.Usage;
        }

        var tokens = usage.InputTokens + usage.OutputTokens;
        _progress.Settle(agent.Name, tokens, usage.Cost, countsAsTurn: true);
        var message = new AgentMessage(
            Guid.NewGuid().ToString("N"), _runId, agent.Name, recipient?.Invoke(), "text", text.ToString(), tokens, usage.Cost, partial,
            _runtime.Time.GetUtcNow(), Definition.Name, _options.WorkflowVersion);
        await _runtime.Bus.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
        await EmitAsync(new AgentMessageEvent(_runId, message)).ConfigureAwait(false);
        if (!Stopped)
        {
            await CheckMessageAsync(message).ConfigureAwait(false);
        }

        return message;
    }

    private async Task OnContentAsync(AgentDefinition agent, AIContent content, IReadOnlyList<AITool> tools)
    {
        switch (content)
        {
            case FunctionCallContent call:
                var arguments = call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, CompactJson);
                await EmitAsync(new ToolCalledEvent(_runId, agent.Name, call.Name, call.CallId, arguments)).ConfigureAwait(false);
                await _runtime.Bus.PublishAsync(Note(agent.Name, "tool_call", $"{call.Name}({arguments})"), CancellationToken.None).ConfigureAwait(false);
                if (!tools.Any(t => string.Equals(t.Name, call.Name, StringComparison.Ordinal)))
                {
                    // A tool the agent was not given (outside its workbench): the tool loop answers "not found" and nothing runs; the refusal is logged with the run.
                    var scope = agent.Workbench is { } workbench ? $"workbench '{workbench}'" : "no workbench";
                    await _runtime.Bus.PublishAsync(Note(agent.Name, "tool_refused", $"'{call.Name}' is not a tool of agent '{agent.Name}' ({scope}); refused.", call.Name), CancellationToken.None).ConfigureAwait(false);
                }

                if (!Stopped && _termination.CheckToolCall(_progress, call.Name) is { } reason)
                {
                    Stop(reason);
                }

                break;
            case FunctionResultContent result:
                var output = result switch
                {
                    { Exception: { } failure } => $"error: {failure.Message}",
                    { Result: string plain } => plain,
                    { Result: JsonElement { ValueKind: JsonValueKind.String } json } => json.GetString() ?? string.Empty,
                    { Result: null } => string.Empty,
                    _ => JsonSerializer.Serialize(result.Result, CompactJson),
                };

                await EmitAsync(new ToolResultEvent(_runId, agent.Name, result.CallId, output)).ConfigureAwait(false);
                await _runtime.Bus.PublishAsync(Note(agent.Name, "tool_result", output), CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A message that no model call produced on its own (tool traffic, handoffs): logged, not part of the conversation.</summary>
    private AgentMessage Note(string sender, string kind, string content, string? recipient = null) =>
        new(Guid.NewGuid().ToString("N"), _runId, sender, recipient, kind, content, 0, 0m, false, _runtime.Time.GetUtcNow(), Definition.Name, _options.WorkflowVersion);

    /// <summary>Checks a finished message; model calls the check makes (a judge) count in the run's usage.</summary>
    private async Task CheckMessageAsync(AgentMessage message)
    {
        string? reason;
        using (var scope = InvocationScope.Begin())
        {
            try
            {
                reason = await _termination.CheckMessageAsync(_progress, message, _runToken).ConfigureAwait(false);
            }
            finally
            {
                var overhead = scope.Usage;
                _progress.AddOverhead(overhead.InputTokens + overhead.OutputTokens, overhead.Cost);
            }
        }

        if (reason is not null)
        {
            Stop(reason);
        }
    }
}

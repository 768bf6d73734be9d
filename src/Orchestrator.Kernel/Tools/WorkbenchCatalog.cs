using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agents;
using Orchestrator.Budgets;
using Orchestrator.Telemetry;

namespace Orchestrator.Tools;

/// <summary>
/// The workbenches of a host over one <see cref="ToolRegistry"/>. An agent gets only its workbench's tools, and every
/// call through them (or through <see cref="InvokeAsync"/>, for calls by name) is checked: a tool outside the workbench,
/// an unavailable or disabled tool, a call needing approval without one, or a call a budget pool has no room for is
/// refused with a message the model can read. Every call and refusal is logged to the agent-message log
/// (<c>message_type</c> <c>tool_call</c>, <c>tool_refused</c> or <c>tool_failed</c>, sender the agent, recipient the tool).
/// </summary>
public sealed class WorkbenchCatalog : IWorkbenchCatalog
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the run id that tool-call log entries are filed under.</summary>
    public const string RunIdProperty = "orchestrator.run_id";

    private const int MaxLoggedArguments = 2000;
    private readonly ToolRegistry _registry;
    private readonly Dictionary<string, WorkbenchDefinition> _workbenches;
    private readonly IToolApprovalService? _approvals;
    private readonly BudgetGate? _budget;
    private readonly IAgentMessageSink? _log;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="WorkbenchCatalog"/> class.</summary>
    /// <param name="registry">The tools.</param>
    /// <param name="workbenches">The workbenches (names unique).</param>
    /// <param name="approvals">Decides calls that require approval; without it such calls are refused.</param>
    /// <param name="budget">The budget gate tool calls pass; without it they are not budgeted.</param>
    /// <param name="log">Where calls and refusals are logged.</param>
    /// <param name="logger">Diagnostics.</param>
    /// <param name="time">The clock (for timestamps and durations).</param>
    public WorkbenchCatalog(
        ToolRegistry registry,
        IEnumerable<WorkbenchDefinition> workbenches,
        IToolApprovalService? approvals = null,
        BudgetGate? budget = null,
        IAgentMessageSink? log = null,
        ILogger<WorkbenchCatalog>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(workbenches);
        _registry = registry;
        _workbenches = new Dictionary<string, WorkbenchDefinition>(StringComparer.Ordinal);
        foreach (var workbench in workbenches)
        {
            if (!_workbenches.TryAdd(workbench.Name, workbench))
            {
                throw new ArgumentException($"The workbench '{workbench.Name}' is defined twice.", nameof(workbenches));
            }
        }

        _approvals = approvals;
        _budget = budget;
        _log = log;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets the workbench definitions, by name.</summary>
    public IReadOnlyCollection<WorkbenchDefinition> Workbenches => _workbenches.Values;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The workbench names a tool that is not registered (a typo would otherwise hide a tool silently).</exception>
    public IReadOnlyList<AITool> GetTools(string workbench, string agentName)
    {
        ArgumentNullException.ThrowIfNull(agentName);
        var definition = Definition(workbench);
        var missing = definition.Tools.Where(t => !t.EndsWith('*') && !_registry.IsCallable(t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Workbench '{workbench}' names tool(s) not registered in this process: {string.Join(", ", missing)}. Register them in the ToolRegistry or remove them from the workbench.");
        }

        var tools = new List<AITool>();
        foreach (var name in _registry.Names.Where(definition.Contains).Order(StringComparer.Ordinal))
        {
            if (_registry.TryGet(name, out var descriptor, out var function) && function is not null && descriptor.IsEnabled)
            {
                tools.Add(new WorkbenchFunction(function, this, workbench, agentName));
            }
        }

        return tools;
    }

    /// <summary>Calls a tool by name on behalf of an agent, with every workbench check; use it for calls a model makes to names it was not given.</summary>
    /// <param name="workbench">The agent's workbench.</param>
    /// <param name="agentName">The agent.</param>
    /// <param name="toolName">The tool the model called.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels the call (and a pending approval).</param>
    /// <returns>The result: the tool's value, or why it was refused. A tool that throws propagates its exception after it is logged.</returns>
    /// <exception cref="KeyNotFoundException">No workbench of that name is defined.</exception>
    public async Task<ToolCallResult> InvokeAsync(string workbench, string agentName, string toolName, AIFunctionArguments? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentName);
        ArgumentNullException.ThrowIfNull(toolName);
        var definition = Definition(workbench);
        arguments ??= [];
        var call = new Call(workbench, agentName, toolName, arguments, FunctionInvokingChatClient.CurrentContext?.Options);
        if (!definition.Contains(toolName))
        {
            return await RefuseAsync(call, ToolCallOutcome.RefusedNotInWorkbench, $"Tool call refused: '{toolName}' is not in workbench '{workbench}' of agent '{agentName}'. Use only the tools you were given.").ConfigureAwait(false);
        }

        if (!_registry.TryGet(toolName, out var tool, out var function) || function is null || !tool.IsEnabled)
        {
            return await RefuseAsync(call, ToolCallOutcome.RefusedUnavailable, $"Tool call refused: '{toolName}' is {(function is null ? "not available in this process" : "disabled")}.").ConfigureAwait(false);
        }

        if (tool.RequiresApproval)
        {
            if (_approvals is null)
            {
                return await RefuseAsync(call, ToolCallOutcome.RefusedApprovalUnavailable, $"Tool call refused: '{toolName}' requires approval and no approver is configured.").ConfigureAwait(false);
            }

            var decision = await _approvals.RequestApprovalAsync(new ToolApprovalRequest(workbench, agentName, tool, arguments), cancellationToken).ConfigureAwait(false);
            if (!decision.Approved)
            {
                return await RefuseAsync(call, ToolCallOutcome.RefusedApprovalDenied, $"Tool call refused: the approver denied '{toolName}'{(decision.Reason is null ? "." : $": {decision.Reason}")}").ConfigureAwait(false);
            }
        }

        BudgetHold? hold = null;
        if (_budget is not null)
        {
            var subject = BudgetContext.Current ?? new BudgetSubject(OrchestratorChatProperties.GetUserId(call.Options), OrchestratorChatProperties.GetTeamId(call.Options), null);
            try
            {
                if (tool.CostHintUsd > 0)
                {
                    hold = await _budget.ReserveAsync(subject, tool.CostHintUsd, cancellationToken).ConfigureAwait(false);
                }
                else if (await _budget.FindExhaustedAsync(subject, cancellationToken).ConfigureAwait(false) is { } exhausted)
                {
                    throw exhausted;
                }
            }
            catch (BudgetExceededException ex)
            {
                return await RefuseAsync(call, ToolCallOutcome.RefusedBudget, $"Tool call refused: {ex.Message}").ConfigureAwait(false);
            }
        }

        var started = _time.GetTimestamp();
        object? value;
        try
        {
            value = await function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A failed call is assumed not to have cost its hint (the API refused or never answered).
            if (hold is not null)
            {
                await _budget!.SettleAsync(hold, 0m, CancellationToken.None).ConfigureAwait(false);
            }

            ToolLog.Failed(_logger, agentName, toolName, workbench, ex);
            await WriteAsync(call, "tool_failed", ToolCallOutcome.Failed, ex.Message).ConfigureAwait(false);
            throw;
        }

        if (hold is not null)
        {
            await _budget!.SettleAsync(hold, tool.CostHintUsd, CancellationToken.None).ConfigureAwait(false);
        }

        var elapsed = _time.GetElapsedTime(started);
        ToolLog.Called(_logger, agentName, toolName, workbench, ToolCallOutcome.Succeeded, elapsed.TotalMilliseconds);
        await WriteAsync(call, "tool_call", ToolCallOutcome.Succeeded, null, tool.CostHintUsd).ConfigureAwait(false);
        return new ToolCallResult(ToolCallOutcome.Succeeded, value, null);
    }

    private WorkbenchDefinition Definition(string workbench)
    {
        ArgumentNullException.ThrowIfNull(workbench);
        return _workbenches.TryGetValue(workbench, out var definition)
            ? definition
            : throw new KeyNotFoundException($"No workbench named '{workbench}' is defined; known: {string.Join(", ", _workbenches.Keys.Order(StringComparer.Ordinal))}.");
    }

    private async Task<ToolCallResult> RefuseAsync(Call call, ToolCallOutcome outcome, string message)
    {
        ToolLog.Refused(_logger, call.Agent, call.Tool, call.Workbench, outcome, message);
        await WriteAsync(call, "tool_refused", outcome, message).ConfigureAwait(false);
        return new ToolCallResult(outcome, null, message);
    }

    private async Task WriteAsync(Call call, string type, ToolCallOutcome outcome, string? message, decimal costUsd = 0)
    {
        if (_log is null)
        {
            return;
        }

        var arguments = JsonSerializer.Serialize(call.Arguments.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()));
        var content = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["workbench"] = call.Workbench,
            ["outcome"] = outcome.ToString(),
            ["arguments"] = arguments.Length > MaxLoggedArguments ? arguments[..MaxLoggedArguments] : arguments,
            ["message"] = message,
            ["cost_usd"] = costUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var options = call.Options;
        var traceId = Activity.Current?.TraceId.ToString();
        try
        {
            await _log.RecordAsync(
                new AgentMessageRecord
                {
                    MessageId = Guid.CreateVersion7().ToString("N"),
                    ConversationId = OrchestratorChatProperties.GetString(options, RunIdProperty) ?? options?.ConversationId ?? traceId ?? $"workbench:{call.Workbench}",
                    Sender = call.Agent,
                    Recipient = call.Tool,
                    MessageType = type,
                    Content = content,
                    TraceId = traceId,
                    WorkflowId = OrchestratorChatProperties.GetString(options, OrchestratorChatProperties.WorkflowId),
                    WorkflowVersion = OrchestratorChatProperties.GetString(options, OrchestratorChatProperties.WorkflowVersion),
                    CreatedAt = _time.GetUtcNow(),
                }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The log is a record of the call, not part of it: a failing sink must not fail or undo the tool call.
            ToolLog.LogFailed(_logger, call.Tool, ex);
        }
    }

    private sealed record Call(string Workbench, string Agent, string Tool, AIFunctionArguments Arguments, ChatOptions? Options);
}

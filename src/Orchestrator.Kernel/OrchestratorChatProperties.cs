using Microsoft.Extensions.AI;
using Orchestrator.Usage;

namespace Orchestrator;

/// <summary>
/// The keys Orchestrator reads from <see cref="ChatOptions.AdditionalProperties"/> and writes to
/// <see cref="ChatResponse.AdditionalProperties"/>, with typed accessors.
/// </summary>
public static class OrchestratorChatProperties
{
    /// <summary>The key of the normalized <see cref="InvocationUsage"/> on a response or on the last streamed update.</summary>
    public const string Usage = "orchestrator.usage";

    /// <summary>The key of the configured provider name that served a response.</summary>
    public const string Provider = "orchestrator.provider";

    /// <summary>The key of the router's attempt number on a request it forwards (1 for the first provider tried).</summary>
    public const string Attempt = "orchestrator.attempt";

    /// <summary>The key of the calling user id on a request.</summary>
    public const string UserId = "orchestrator.user_id";

    /// <summary>The key of the workflow id a request is made for (logged with the invocation).</summary>
    public const string WorkflowId = "orchestrator.workflow_id";

    /// <summary>The key of the workflow version a request is made for (logged with the invocation).</summary>
    public const string WorkflowVersion = "orchestrator.workflow_version";

    /// <summary>The key of the agent id that makes a request (logged with the invocation).</summary>
    public const string AgentId = "orchestrator.agent_id";
    /// <summary>The key of the calling user's team on a request (used by budgets).</summary>
    public const string TeamId = "orchestrator.team_id";

    /// <summary>Gets the normalized usage and cost of a response.</summary>
    /// <param name="response">A response from an Orchestrator chat client.</param>
    /// <returns>The usage, or <see langword="null"/> when the response did not come through Orchestrator.</returns>
    public static InvocationUsage? GetInvocationUsage(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(Usage, out var value) == true ? value as InvocationUsage : null;
    }

    /// <summary>Gets the normalized usage carried by a streamed update (Orchestrator sends it on the last one).</summary>
    /// <param name="update">A streamed update.</param>
    /// <returns>The usage, or <see langword="null"/> when this update carries none.</returns>
    public static InvocationUsage? GetInvocationUsage(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(Usage, out var value) == true ? value as InvocationUsage : null;
    }

    /// <summary>Names the user a request is made for (used by budgets and logs).</summary>
    /// <param name="options">The request options.</param>
    /// <param name="userId">The user id.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithUserId(this ChatOptions options, string userId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        (options.AdditionalProperties ??= [])[UserId] = userId;
        return options;
    }

    /// <summary>Reads the user id of a request.</summary>
    /// <param name="options">The request options.</param>
    /// <returns>The user id, or <see langword="null"/>.</returns>
    public static string? GetUserId(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(UserId, out var value) == true ? value?.ToString() : null;

    /// <summary>Names the workflow (and its version) a request is made for, so logs and analytics can group by it.</summary>
    /// <param name="options">The request options.</param>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="version">The workflow version, if versions are compared.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithWorkflow(this ChatOptions options, string workflowId, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        (options.AdditionalProperties ??= [])[WorkflowId] = workflowId;
        if (version is not null)
        {
            options.AdditionalProperties[WorkflowVersion] = version;
        }

        return options;
    }

    /// <summary>Names the agent that makes a request, so logs and analytics can group by it.</summary>
    /// <param name="options">The request options.</param>
    /// <param name="agentId">The agent id.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithAgent(this ChatOptions options, string agentId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        (options.AdditionalProperties ??= [])[AgentId] = agentId;
        return options;
    }

    /// <summary>Reads a string property of a request.</summary>
    /// <param name="options">The request options.</param>
    /// <param name="key">One of this class's keys.</param>
    /// <returns>The value as a string, or <see langword="null"/>.</returns>
    public static string? GetString(ChatOptions? options, string key) =>
        options?.AdditionalProperties?.TryGetValue(key, out var value) == true ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    /// <summary>Names the team a request is made for (its team budget pools apply).</summary>
    /// <param name="options">The request options.</param>
    /// <param name="teamId">The team id.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithTeamId(this ChatOptions options, string teamId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        (options.AdditionalProperties ??= [])[TeamId] = teamId;
        return options;
    }

    /// <summary>Reads the team id of a request.</summary>
    /// <param name="options">The request options.</param>
    /// <returns>The team id, or <see langword="null"/>.</returns>
    public static string? GetTeamId(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(TeamId, out var value) == true ? value?.ToString() : null;
}

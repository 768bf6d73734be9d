using Orchestrator.Providers;
using Orchestrator.Usage;

namespace Orchestrator.Telemetry;

/// <summary>One model call as it is logged: who called what, what it cost, how long it took and how it ended.</summary>
public sealed record InvocationRecord
{
    /// <summary>The <see cref="Operation"/> of a chat completion.</summary>
    public const string ChatOperation = "chat";

    /// <summary>The <see cref="Operation"/> of an embeddings call.</summary>
    public const string EmbeddingsOperation = "embeddings";

    /// <summary>Gets the unique id of the call (the de-duplication key of sinks).</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the W3C trace id of the ambient activity, if any.</summary>
    public string? TraceId { get; init; }

    /// <summary>Gets when the call started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets the configured provider name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the model id.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the model's tier.</summary>
    public int Tier { get; init; }

    /// <summary>Gets a value indicating whether the provider is local.</summary>
    public bool Local { get; init; }

    /// <summary>Gets a value indicating whether the call was streamed.</summary>
    public bool Streamed { get; init; }

    /// <summary>Gets the normalized usage and cost.</summary>
    public required InvocationUsage Usage { get; init; }

    /// <summary>Gets the wall time of the call.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets the time until the first content arrived, for streams.</summary>
    public TimeSpan? TimeToFirstToken { get; init; }

    /// <summary>Gets how the call ended.</summary>
    public InvocationStatus Status { get; init; }

    /// <summary>Gets why the call failed, when it did.</summary>
    public ProviderFailureKind? ErrorKind { get; init; }

    /// <summary>Gets the calling user, when the request named one.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the workflow the call was made for, when the request named one.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>Gets the version of that workflow (for A/B comparisons).</summary>
    public string? WorkflowVersion { get; init; }

    /// <summary>Gets the agent that made the call, when the request named one.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets a value indicating whether the request was private (privacy mode or a private request).</summary>
    public bool PrivacyMode { get; init; }

    /// <summary>Gets the router's attempt number of this call (1 for the first provider tried, or a direct call).</summary>
    public int RoutingAttempt { get; init; } = 1;

    /// <summary>Gets the error message (already scrubbed of secrets), when the call failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets what kind of call this was: <see cref="ChatOperation"/> (the default) or <see cref="EmbeddingsOperation"/>.</summary>
    public string Operation { get; init; } = ChatOperation;

    /// <summary>Gets further context (workflow, agent, routing attempts) as string pairs.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}

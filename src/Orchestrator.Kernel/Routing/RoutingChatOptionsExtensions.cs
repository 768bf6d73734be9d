using Microsoft.Extensions.AI;

namespace Orchestrator.Routing;

/// <summary>Attaches routing constraints to a chat request.</summary>
public static class RoutingChatOptionsExtensions
{
    /// <summary>The key of the <see cref="RoutingRequest"/> in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public const string RequestKey = "orchestrator.routing";

    /// <summary>
    /// A plain boolean key that marks a request private, for callers that can only pass simple values (SK execution
    /// settings' extension data, JSON bodies): <c>"orchestrator.private": true</c>.
    /// </summary>
    public const string PrivateKey = "orchestrator.private";

    /// <summary>The key of the <see cref="RoutingDecision"/> on a routed response.</summary>
    public const string DecisionKey = "orchestrator.routing_decision";

    /// <summary>Sets the routing constraints of a request.</summary>
    /// <param name="options">The request options.</param>
    /// <param name="request">The constraints.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithRouting(this ChatOptions options, RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        (options.AdditionalProperties ??= [])[RequestKey] = request;
        return options;
    }

    /// <summary>Marks a request private: only local models may serve it, or it fails.</summary>
    /// <param name="options">The request options.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions AsPrivate(this ChatOptions options) =>
        options.WithRouting((GetRoutingRequest(options) ?? new RoutingRequest()) with { Private = true });

    /// <summary>Tells whether a request carries the plain <see cref="PrivateKey"/> flag.</summary>
    /// <param name="options">The request options.</param>
    /// <returns><see langword="true"/> when the flag is set to true.</returns>
    public static bool IsMarkedPrivate(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PrivateKey, out var value) == true
        && (value is true || (value is string text && bool.TryParse(text, out var flag) && flag) || (value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True }));

    /// <summary>Reads the routing constraints of a request.</summary>
    /// <param name="options">The request options.</param>
    /// <returns>The constraints, or <see langword="null"/>.</returns>
    public static RoutingRequest? GetRoutingRequest(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RequestKey, out var value) == true ? value as RoutingRequest : null;

    /// <summary>Reads how a response was routed.</summary>
    /// <param name="response">A routed response.</param>
    /// <returns>The decision, or <see langword="null"/> when the response was not routed.</returns>
    public static RoutingDecision? GetRoutingDecision(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(DecisionKey, out var value) == true ? value as RoutingDecision : null;
    }

    /// <summary>Reads how a stream was routed (carried by its first update).</summary>
    /// <param name="update">A routed streamed update.</param>
    /// <returns>The decision, or <see langword="null"/>.</returns>
    public static RoutingDecision? GetRoutingDecision(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(DecisionKey, out var value) == true ? value as RoutingDecision : null;
    }
}

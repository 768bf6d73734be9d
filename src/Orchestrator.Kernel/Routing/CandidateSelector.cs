using System.Globalization;
using Microsoft.Extensions.AI;
using Orchestrator.Catalog;
using Orchestrator.Providers;
using Orchestrator.Usage;

namespace Orchestrator.Routing;

/// <summary>
/// Ranks every configured provider model for one request and says why each ineligible one is skipped. Privacy is
/// enforced here, in one place, for every entry point that reaches the router.
/// </summary>
internal sealed class CandidateSelector
{
    private readonly ProviderRegistry _registry;
    private readonly CircuitBreakers _breakers;
    private readonly ProviderHealthMonitor _health;
    private readonly RetryAfterCooldowns _cooldowns;
    private readonly ITokenEstimator _estimator;
    private readonly string? _preferred;

    public CandidateSelector(ProviderRegistry registry, CircuitBreakers breakers, ProviderHealthMonitor health, RetryAfterCooldowns cooldowns, ITokenEstimator estimator, string? preferred)
    {
        _registry = registry;
        _breakers = breakers;
        _health = health;
        _cooldowns = cooldowns;
        _estimator = estimator;
        _preferred = preferred;
    }

    public IReadOnlyList<RoutingCandidate> Rank(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var request = options.GetRoutingRequest() ?? new RoutingRequest();
        var isPrivate = request.Private || _registry.PrivacyMode || RoutingChatOptionsExtensions.IsMarkedPrivate(options);
        Validate(request, isPrivate);
        var needsTools = request.RequireTools || options?.Tools is { Count: > 0 };
        var needsJson = request.RequireJsonMode || options?.ResponseFormat is ChatResponseFormatJson;
        var needsContext = request.MinContextWindow ?? NeededContext(messages, options);

        // A plain list and one sort instead of a LINQ chain of six keys: this runs on every routed request. The index
        // (configuration order) is the last key, so the order is the stable sort's.
        var ranked = new List<Ranked>();
        foreach (var provider in _registry.Providers)
        {
            foreach (var model in provider.Models)
            {
                var reason = SkipReason(provider, model, request, isPrivate, needsTools, needsJson, needsContext);
                ranked.Add(new Ranked(
                    new RoutingCandidate(provider.Name, model.Id, model.Tier, reason),
                    IsPreferred(provider, model),
                    provider.Priority,
                    (model.InputPricePerMillion ?? 0) + (model.OutputPricePerMillion ?? 0),
                    ranked.Count));
            }
        }

        ranked.Sort(static (x, y) => x.CompareTo(y));
        var candidates = new RoutingCandidate[ranked.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = ranked[i].Candidate;
        }

        return candidates;
    }

    /// <summary>
    /// Tokens the request needs (prompt plus allowed output). Tokenizing costs microseconds per kilobyte, so it is
    /// done only when the cheap upper bound (a token is at least one character) exceeds some model's window.
    /// </summary>
    private int NeededContext(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long upperBound = options?.MaxOutputTokens ?? 0;
        foreach (var message in messages)
        {
            upperBound += 4 + message.Text.Length;
        }

        long? smallestWindow = null;
        foreach (var provider in _registry.Providers)
        {
            foreach (var model in provider.Models)
            {
                if (model.ContextWindow > 0 && (smallestWindow is null || model.ContextWindow < smallestWindow))
                {
                    smallestWindow = model.ContextWindow;
                }
            }
        }

        if (smallestWindow is null || upperBound <= smallestWindow)
        {
            return (int)Math.Min(int.MaxValue, upperBound);
        }

        return (int)Math.Min(int.MaxValue, TiktokenTokenEstimator.CountPromptTokens(_estimator, messages) + (options?.MaxOutputTokens ?? 0));
    }

    /// <summary>The reasons a candidate may become ineligible between ranking and its attempt.</summary>
    public string? LateSkipReason(RoutingCandidate candidate)
    {
        if (_breakers.StateOf(candidate.Provider) == BreakerState.Open)
        {
            return "circuit open";
        }

        return _cooldowns.Until(candidate.Provider) is { } until ? $"rate limited until {until:O}" : null;
    }

    private static void Validate(RoutingRequest request, bool isPrivate)
    {
        if (request.MinTier > request.MaxTier)
        {
            throw new RoutingConstraintException($"MinTier {request.MinTier} is above MaxTier {request.MaxTier}; no model can satisfy both.");
        }

        if (isPrivate && request.MinTier > 0)
        {
            throw new RoutingConstraintException(
                $"The request is private, so only local tier-0 models may serve it, but it asks for MinTier {request.MinTier}. Drop the tier constraint or the privacy flag.");
        }
    }

    private bool IsPreferred(ProviderDescriptor provider, ModelDescriptor model) =>
        _preferred is not null && string.Equals(_preferred, $"{provider.Name}/{model.Id}", StringComparison.OrdinalIgnoreCase);

    private string? SkipReason(ProviderDescriptor provider, ModelDescriptor model, RoutingRequest request, bool isPrivate, bool needsTools, bool needsJson, int needsContext)
    {
        if (!provider.Enabled)
        {
            return "provider disabled";
        }

        if (request.Providers.Count > 0 && !request.Providers.Contains(provider.Name, StringComparer.OrdinalIgnoreCase))
        {
            return "not in the request's provider list";
        }

        if (request.Models.Count > 0 && !request.Models.Any(m => RoutingRequest.NamesModel(m, provider.Name, model.Id)))
        {
            return "not in the request's model list";
        }

        if (isPrivate && !provider.Local)
        {
            return "not local (privacy mode)";
        }

        if (model.Tier < request.MinTier || model.Tier > request.MaxTier)
        {
            return string.Create(CultureInfo.InvariantCulture, $"tier {model.Tier} outside {request.MinTier}..{request.MaxTier}");
        }

        if (request.MaxInputPricePerMillion is { } maxIn && model.InputPricePerMillion > maxIn)
        {
            return string.Create(CultureInfo.InvariantCulture, $"input price {model.InputPricePerMillion}/1M above {maxIn}");
        }

        if (request.MaxOutputPricePerMillion is { } maxOut && model.OutputPricePerMillion > maxOut)
        {
            return string.Create(CultureInfo.InvariantCulture, $"output price {model.OutputPricePerMillion}/1M above {maxOut}");
        }

        if (needsTools && !model.SupportsTools)
        {
            return "no tool calling";
        }

        if (needsJson && !model.SupportsJsonMode)
        {
            return "no JSON mode";
        }

        if (model.ContextWindow > 0 && model.ContextWindow < needsContext)
        {
            return string.Create(CultureInfo.InvariantCulture, $"context window {model.ContextWindow} below the {needsContext} tokens needed");
        }

        if (_health.ShouldSkip(provider.Name, out var unhealthy))
        {
            return unhealthy;
        }

        return LateSkipReason(new RoutingCandidate(provider.Name, model.Id, model.Tier, null));
    }

    /// <summary>A candidate with its sort keys: eligible first, then preferred, tier, priority, price, name, configuration order.</summary>
    private readonly record struct Ranked(RoutingCandidate Candidate, bool Preferred, int Priority, decimal Price, int Index)
    {
        public int CompareTo(Ranked other)
        {
            var order = (Candidate.SkipReason is null ? 0 : 1).CompareTo(other.Candidate.SkipReason is null ? 0 : 1);
            order = order != 0 ? order : (Preferred ? 0 : 1).CompareTo(other.Preferred ? 0 : 1);
            order = order != 0 ? order : Candidate.Tier.CompareTo(other.Candidate.Tier);
            order = order != 0 ? order : Priority.CompareTo(other.Priority);
            order = order != 0 ? order : Price.CompareTo(other.Price);
            order = order != 0 ? order : string.CompareOrdinal(Candidate.Provider, other.Candidate.Provider);
            return order != 0 ? order : Index.CompareTo(other.Index);
        }
    }
}

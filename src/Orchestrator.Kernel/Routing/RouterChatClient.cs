using Microsoft.Extensions.AI;
using Orchestrator.Providers;
using Orchestrator.Usage;
using Polly.CircuitBreaker;

namespace Orchestrator.Routing;

/// <summary>
/// An <see cref="IChatClient"/> that serves each request from the best eligible provider model and fails over on
/// transient failures: same tier by priority first, then up the tiers. Non-transient failures surface at once. See
/// <c>docs/routing.md</c>.
/// </summary>
public sealed partial class RouterChatClient : IChatClient
{
    private readonly ProviderRegistry _registry;
    private readonly RoutingOptions _options;
    private readonly CircuitBreakers _breakers;
    private readonly ProviderHealthMonitor _health;
    private readonly RetryAfterCooldowns _cooldowns;
    private readonly RouterEvents _events;
    private readonly CandidateSelector _selector;
    private readonly TimeProvider _time;
    private readonly ChatClientMetadata _metadata;

    internal RouterChatClient(ProviderRegistry registry, RoutingOptions options, ProviderHealthMonitor health, RouterEvents events, ITokenEstimator estimator, TimeProvider time, string? preferredModel)
    {
        _registry = registry;
        _options = options;
        _health = health;
        _events = events;
        _time = time;
        _breakers = new CircuitBreakers(options, time, events);
        _cooldowns = new RetryAfterCooldowns(time);
        _selector = new CandidateSelector(registry, _breakers, health, _cooldowns, estimator, preferredModel);
        _metadata = new ChatClientMetadata(ProviderName, defaultModelId: preferredModel);
        events.ObserveBreakers(() => registry.Providers.Select(p => (p.Name, _breakers.StateOf(p.Name))));
    }

    /// <summary>The provider name the router reports in its <see cref="ChatClientMetadata"/>.</summary>
    public const string ProviderName = "orchestrator-router";

    /// <summary>Gets the current circuit state of a provider.</summary>
    /// <param name="provider">The provider name.</param>
    /// <returns>The breaker state.</returns>
    public BreakerState GetBreakerState(string provider) => _breakers.StateOf(provider);

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        using var total = new CallTimeout(TimeSpan.FromSeconds(_options.TotalTimeoutSeconds), _time, cancellationToken);
        var (response, decision, _) = await RouteAsync(
            messageList,
            options,
            (client, attemptOptions, ct) => client.GetResponseAsync(messageList, attemptOptions, ct),
            cancellationToken,
            total.Token).ConfigureAwait(false);
        (response.AdditionalProperties ??= [])[RoutingChatOptionsExtensions.DecisionKey] = decision;
        _events.Decided(decision);
        return response;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Answers <see cref="ChatClientMetadata"/> (provider <see cref="ProviderName"/>, the configured default model if
    /// any): Semantic Kernel's function-invocation wrapper and M.E.AI telemetry read it and fail or mislabel without it.
    /// </remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The registry, monitor and events are owned by the service provider.
    }

    private async Task<(T Result, RoutingDecision Decision, RoutingCandidate Served)> RouteAsync<T>(
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        Func<IChatClient, ChatOptions, CancellationToken, Task<T>> attempt,
        CancellationToken callerToken,
        CancellationToken token)
    {
        _health.EnsureStarted();
        var candidates = _selector.Rank(messages, options);
        var decision = new RoutingDecision { Candidates = candidates };
        var queue = new Queue<RoutingCandidate>(candidates.Where(c => c.SkipReason is null));
        if (queue.Count == 0)
        {
            _events.Decided(decision);
            throw new NoProviderAvailableException(NoCandidateMessage(options), decision) { RetryAfter = SoonestCooldown(candidates) };
        }

        var rateLimited = new List<RoutingCandidate>();
        RoutingAttempt? pendingFailover = null;
        ProviderException? lastFailure = null;
        while (true)
        {
            if (!queue.TryDequeue(out var candidate))
            {
                if (await WaitForRetryAfterAsync(rateLimited, decision, token).ConfigureAwait(false) is { } retry)
                {
                    queue.Enqueue(retry);
                    continue;
                }

                _events.Decided(decision);
                throw new NoProviderAvailableException("Every eligible provider failed or was unavailable.", decision, lastFailure) { RetryAfter = SoonestCooldown(candidates) };
            }

            if (decision.Attempts.Count >= _options.MaxAttempts)
            {
                _events.Decided(decision);
                throw new NoProviderAvailableException($"The request reached the limit of {_options.MaxAttempts} attempts (Orchestrator:Routing:MaxAttempts).", decision, lastFailure);
            }

            // Ranking has just checked the first candidate's breaker and cooldown; later ones may have changed since.
            if (decision.Attempts.Count > 0 && _selector.LateSkipReason(candidate) is { } late)
            {
                decision.Attempts.Add(new RoutingAttempt(candidate.Provider, candidate.Model, false, null, $"skipped: {late}", TimeSpan.Zero));
                continue;
            }

            if (pendingFailover is not null)
            {
                _events.Failover(pendingFailover, candidate);
                pendingFailover = null;
            }

            var started = _time.GetTimestamp();
            try
            {
                var client = _registry.GetChatClient(candidate.Provider, candidate.Model);
                // The attempt's own copy carries the attempt number and the model, so the provider client, which would
                // otherwise copy the options again to set the model, can use it as it is.
                var attemptOptions = options?.Clone() ?? new ChatOptions();
                attemptOptions.ModelId = candidate.Model;
                (attemptOptions.AdditionalProperties ??= [])[OrchestratorChatProperties.Attempt] = decision.Attempts.Count + 1;
                var result = await _breakers.PipelineOf(candidate.Provider)
                    .ExecuteAsync(async ct => await attempt(client, attemptOptions, ct).ConfigureAwait(false), token)
                    .ConfigureAwait(false);
                decision.Attempts.Add(new RoutingAttempt(candidate.Provider, candidate.Model, true, null, null, _time.GetElapsedTime(started)));
                decision.ServedBy = candidate;
                _health.ReportSuccess(candidate.Provider);
                return (result, decision, candidate);
            }
            catch (BrokenCircuitException)
            {
                decision.Attempts.Add(new RoutingAttempt(candidate.Provider, candidate.Model, false, null, "skipped: circuit open", _time.GetElapsedTime(started)));
            }
            catch (ProviderRequestRejectedException ex)
            {
                decision.Attempts.Add(new RoutingAttempt(candidate.Provider, candidate.Model, false, ex.Kind, ex.Message, _time.GetElapsedTime(started)));
                _events.Decided(decision);
                throw;
            }
            catch (ProviderUnavailableException ex)
            {
                lastFailure = ex;
                pendingFailover = new RoutingAttempt(candidate.Provider, candidate.Model, false, ex.Kind, ex.Message, _time.GetElapsedTime(started));
                decision.Attempts.Add(pendingFailover);
                if (ex.RetryAfter is { } retryAfter)
                {
                    _cooldowns.Set(candidate.Provider, retryAfter);
                    rateLimited.Add(candidate);
                }
            }
            catch (OperationCanceledException ex) when (token.IsCancellationRequested && !callerToken.IsCancellationRequested)
            {
                decision.Attempts.Add(new RoutingAttempt(candidate.Provider, candidate.Model, false, ProviderFailureKind.Timeout, "total time limit elapsed", _time.GetElapsedTime(started)));
                _events.Decided(decision);
                throw new RoutingTimeoutException(TimeSpan.FromSeconds(_options.TotalTimeoutSeconds), decision, string.Empty, ex);
            }
        }
    }

    /// <summary>When every provider failed and some asked to be retried after a short wait, waits for the soonest one.</summary>
    private async Task<RoutingCandidate?> WaitForRetryAfterAsync(List<RoutingCandidate> rateLimited, RoutingDecision decision, CancellationToken token)
    {
        if (decision.Attempts.Count >= _options.MaxAttempts)
        {
            return null;
        }

        var soonest = rateLimited
            .Select(c => (Candidate: c, Until: _cooldowns.Until(c.Provider) ?? _time.GetUtcNow()))
            .OrderBy(c => c.Until)
            .FirstOrDefault();
        if (soonest.Candidate is null)
        {
            return null;
        }

        var wait = soonest.Until - _time.GetUtcNow();
        if (wait > TimeSpan.FromSeconds(_options.MaxRetryAfterWaitSeconds))
        {
            return null;
        }

        rateLimited.Remove(soonest.Candidate);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, token).ConfigureAwait(false);
        }

        _cooldowns.WaitedOut(soonest.Candidate.Provider, soonest.Until);
        return soonest.Candidate;
    }

    /// <summary>How long until the first candidate cooling down after a Retry-After may be called again.</summary>
    private TimeSpan? SoonestCooldown(IReadOnlyList<RoutingCandidate> candidates)
    {
        DateTimeOffset? soonest = null;
        foreach (var candidate in candidates)
        {
            if (_cooldowns.Until(candidate.Provider) is { } until && (soonest is null || until < soonest))
            {
                soonest = until;
            }
        }

        return soonest is { } at ? at - _time.GetUtcNow() : null;
    }

    private string NoCandidateMessage(ChatOptions? options)
    {
        var isPrivate = options.GetRoutingRequest()?.Private == true || _registry.PrivacyMode || RoutingChatOptionsExtensions.IsMarkedPrivate(options);
        if (_registry.Providers.All(p => !p.Enabled))
        {
            return "No provider is enabled; configure one under Orchestrator:Providers.";
        }

        return isPrivate
            ? "The request is private and no local provider can serve it; it was not sent to any cloud provider. Enable a local provider (Ollama, Jan, LLamaSharp) or lift the privacy flag."
            : "No configured model satisfies the request's constraints.";
    }
}

using Orchestrator.Providers;

namespace Orchestrator.Routing;

/// <summary>A provider model the router considered, and why it was skipped if it was.</summary>
/// <param name="Provider">The configured provider name.</param>
/// <param name="Model">The model id.</param>
/// <param name="Tier">The model's tier.</param>
/// <param name="SkipReason">Why the candidate was not tried, or <see langword="null"/> when it was eligible.</param>
public sealed record RoutingCandidate(string Provider, string Model, int Tier, string? SkipReason);

/// <summary>One call the router made.</summary>
/// <param name="Provider">The configured provider name.</param>
/// <param name="Model">The model id.</param>
/// <param name="Succeeded">Whether the call served the request.</param>
/// <param name="FailureKind">Why it failed, when it did.</param>
/// <param name="Error">The failure message, when it failed.</param>
/// <param name="Duration">How long the attempt took.</param>
public sealed record RoutingAttempt(string Provider, string Model, bool Succeeded, ProviderFailureKind? FailureKind, string? Error, TimeSpan Duration);

/// <summary>How one request was routed: what was considered, what was skipped and why, what was tried, who served.</summary>
public sealed class RoutingDecision
{
    /// <summary>Gets every candidate in the order the policy ranked them.</summary>
    public required IReadOnlyList<RoutingCandidate> Candidates { get; init; }

    /// <summary>Gets the attempts in the order they were made.</summary>
    public List<RoutingAttempt> Attempts { get; } = [];

    /// <summary>Gets the candidate that served the request, if any did.</summary>
    public RoutingCandidate? ServedBy { get; internal set; }

    /// <summary>Gets a value indicating whether the request failed over at least once.</summary>
    public bool FailedOver => Attempts.Count > 1 || (Attempts.Count == 1 && !Attempts[0].Succeeded);

    /// <inheritdoc />
    public override string ToString()
    {
        var skipped = Candidates.Where(c => c.SkipReason is not null).Select(c => $"{c.Provider}/{c.Model} skipped: {c.SkipReason}");
        var tried = Attempts.Select(a => a.Succeeded ? $"{a.Provider}/{a.Model} served" : $"{a.Provider}/{a.Model} failed ({a.FailureKind}): {a.Error}");
        var lines = skipped.Concat(tried).ToList();
        return lines.Count == 0 ? "no candidate" : string.Join("; ", lines);
    }
}

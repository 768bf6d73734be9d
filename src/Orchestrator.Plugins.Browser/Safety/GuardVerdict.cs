using System.Net;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>The SSRF guard's decision on one URL.</summary>
/// <param name="IsAllowed">Whether the request may proceed.</param>
/// <param name="Reason">Why it was refused; <see langword="null"/> when allowed.</param>
public sealed record GuardVerdict(bool IsAllowed, string? Reason)
{
    /// <summary>Gets the verdict of an allowed request that names no checked addresses; nothing may connect on it.</summary>
    public static GuardVerdict Allow { get; } = new(true, null);

    /// <summary>
    /// Gets the addresses the guard resolved and checked for an allowed request. The browser connects only to one of
    /// these, never to a fresh resolution of the name, so a DNS answer that changes after the check is not used.
    /// </summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>Creates an allowed verdict carrying the addresses that were checked.</summary>
    /// <param name="addresses">Every address the host resolved to, all of them checked.</param>
    /// <returns>The verdict.</returns>
    public static GuardVerdict AllowAddresses(IReadOnlyList<IPAddress> addresses) => new(true, null) { Addresses = addresses };

    /// <summary>Creates a refusal.</summary>
    /// <param name="reason">Why, in words safe to show a model.</param>
    /// <returns>The verdict.</returns>
    public static GuardVerdict Refuse(string reason) => new(false, reason);
}

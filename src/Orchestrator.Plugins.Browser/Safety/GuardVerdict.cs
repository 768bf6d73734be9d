namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>The SSRF guard's decision on one URL.</summary>
/// <param name="IsAllowed">Whether the request may proceed.</param>
/// <param name="Reason">Why it was refused; <see langword="null"/> when allowed.</param>
public sealed record GuardVerdict(bool IsAllowed, string? Reason)
{
    /// <summary>Gets the verdict of an allowed request.</summary>
    public static GuardVerdict Allow { get; } = new(true, null);

    /// <summary>Creates a refusal.</summary>
    /// <param name="reason">Why, in words safe to show a model.</param>
    /// <returns>The verdict.</returns>
    public static GuardVerdict Refuse(string reason) => new(false, reason);
}

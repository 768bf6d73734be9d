using System.Collections.Concurrent;

namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>The analytics queries of <c>sql/analytics/*.sql</c>, embedded in the assembly and read once.</summary>
public static class AnalyticsSql
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>Gets the names of every embedded query (file names without <c>.sql</c>).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. typeof(AnalyticsSql).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".sql".Length])
            .Order(StringComparer.Ordinal)];

    private const string Prefix = "Orchestrator.Analytics.";

    /// <summary>Gets the text of a query.</summary>
    /// <param name="name">The file name without <c>.sql</c>, such as <c>cost_trend</c>.</param>
    /// <returns>The SQL, with <c>@from</c> and <c>@to</c> (and for some <c>@limit</c> or <c>@min_calls</c>) parameters.</returns>
    public static string Get(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(AnalyticsSql).Assembly.GetManifestResourceStream(Prefix + n + ".sql")
            ?? throw new ArgumentException($"No analytics query named '{n}'; known: {string.Join(", ", Names)}.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}

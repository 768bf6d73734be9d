namespace Orchestrator.Retrieval;

/// <summary>
/// A conjunction of metadata conditions: every key must be present with one of its allowed values.
/// Retrievers apply it before taking the top k, so filtered-out chunks are never returned and never crowd out matches.
/// </summary>
public sealed class MetadataFilter
{
    private readonly Dictionary<string, HashSet<string>> _conditions = new(StringComparer.Ordinal);

    /// <summary>Gets the conditions: metadata key to its allowed values.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Conditions => _conditions;

    /// <summary>Gets a value indicating whether the filter has no condition (matches everything).</summary>
    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>Requires <paramref name="key"/> to equal <paramref name="value"/>.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The required value.</param>
    /// <returns>This filter, for chaining.</returns>
    public MetadataFilter Equal(string key, string value) => AnyOf(key, value);

    /// <summary>Requires <paramref name="key"/> to equal one of <paramref name="values"/>.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="values">The allowed values.</param>
    /// <returns>This filter, for chaining.</returns>
    public MetadataFilter AnyOf(string key, params string[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException("A metadata condition needs at least one allowed value.", nameof(values));
        }

        if (!_conditions.TryGetValue(key, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _conditions[key] = set;
        }

        set.UnionWith(values);
        return this;
    }

    /// <summary>Returns whether <paramref name="metadata"/> satisfies every condition.</summary>
    /// <param name="metadata">The chunk metadata.</param>
    /// <returns><see langword="true"/> when the chunk passes.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var (key, allowed) in _conditions)
        {
            if (!metadata.TryGetValue(key, out var value) || !allowed.Contains(value))
            {
                return false;
            }
        }

        return true;
    }
}

using Orchestrator.Usage;

namespace Orchestrator.Telemetry;

/// <summary>
/// Totals the usage and cost of every model call made inside it, across awaits, so a kernel function, an agent turn
/// or a whole request can report what it spent. Scopes nest: a call counts in every enclosing scope.
/// </summary>
public sealed class InvocationScope : IDisposable
{
    private static readonly AsyncLocal<InvocationScope?> CurrentScope = new();
    private readonly InvocationScope? _parent;
    private readonly Lock _gate = new();
    private long _inputTokens;
    private long _outputTokens;
    private long _cachedTokens;
    private decimal _cost;
    private bool _estimated;
    private bool _disposed;

    private InvocationScope(InvocationScope? parent) => _parent = parent;

    /// <summary>Gets the innermost scope on this async flow, if any.</summary>
    public static InvocationScope? Current => CurrentScope.Value;

    /// <summary>Gets the number of model calls recorded in the scope.</summary>
    public int Calls { get; private set; }

    /// <summary>Gets the total usage recorded so far.</summary>
    public InvocationUsage Usage
    {
        get
        {
            lock (_gate)
            {
                return new InvocationUsage(_inputTokens, _outputTokens, _cachedTokens, _estimated, _cost);
            }
        }
    }

    /// <summary>Opens a scope on the current async flow.</summary>
    /// <returns>The scope; dispose it to close it.</returns>
    public static InvocationScope Begin()
    {
        var scope = new InvocationScope(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Adds a call's usage to the current scope and every enclosing one.</summary>
    /// <param name="usage">The call's usage.</param>
    public static void Record(InvocationUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        for (var scope = CurrentScope.Value; scope is not null; scope = scope._parent)
        {
            scope.Add(usage);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReferenceEquals(CurrentScope.Value, this))
        {
            CurrentScope.Value = _parent;
        }
    }

    private void Add(InvocationUsage usage)
    {
        lock (_gate)
        {
            Calls++;
            _inputTokens += usage.InputTokens;
            _outputTokens += usage.OutputTokens;
            _cachedTokens += usage.CachedInputTokens;
            _cost += usage.Cost;
            _estimated |= usage.IsEstimated;
        }
    }
}

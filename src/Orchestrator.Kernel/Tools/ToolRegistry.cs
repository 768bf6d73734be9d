using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Orchestrator.Tools;

/// <summary>
/// Every tool an agent may use: kernel functions, MCP tools and host-defined functions, each with its schema, source,
/// risk, cost hint and approval policy. Discoverable at run time (<see cref="List"/>, <see cref="Get"/>,
/// <see cref="Search"/>) and persisted through an <see cref="IToolRegistryStore"/>. Workbenches hand out subsets of it.
/// </summary>
public sealed partial class ToolRegistry
{
    private readonly ConcurrentDictionary<string, Entry> _tools = new(StringComparer.Ordinal);

    /// <summary>Registers a host-defined function.</summary>
    /// <param name="function">The function.</param>
    /// <param name="registration">Its risk, cost and approval policy.</param>
    /// <returns>The registered descriptor.</returns>
    public ToolDescriptor Register(AIFunction function, ToolRegistration? registration = null) =>
        Register(function, ToolSource.Host, null, registration);

    /// <summary>Registers a function from a given source.</summary>
    /// <param name="function">The function; its <see cref="AITool.Name"/> becomes the tool name.</param>
    /// <param name="source">Where it comes from.</param>
    /// <param name="sourceName">The plugin or server it belongs to.</param>
    /// <param name="registration">Its risk, cost and approval policy.</param>
    /// <returns>The registered descriptor.</returns>
    /// <exception cref="ArgumentException">The name is not a valid tool name.</exception>
    /// <exception cref="InvalidOperationException">Another tool is already registered under that name.</exception>
    public ToolDescriptor Register(AIFunction function, ToolSource source, string? sourceName, ToolRegistration? registration = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        registration ??= new ToolRegistration();
        if (!ValidName().IsMatch(function.Name))
        {
            throw new ArgumentException($"'{function.Name}' is not a valid tool name: use 1-64 letters, digits, '_' or '-'.", nameof(function));
        }

        if (registration.CostHintUsd < 0)
        {
            throw new ArgumentException($"The cost hint of '{function.Name}' is negative ({registration.CostHintUsd}).", nameof(registration));
        }

        var risk = registration.Risk ?? ToolRiskLevel.ExternalSideEffects;
        var descriptor = new ToolDescriptor(
            function.Name,
            function.Description,
            function.JsonSchema,
            source,
            sourceName,
            risk,
            registration.CostHintUsd,
            registration.RequiresApproval ?? risk == ToolRiskLevel.ExternalSideEffects,
            registration.Category ?? sourceName ?? DefaultCategory(source));
        var entry = new Entry(descriptor, function);
        _tools.AddOrUpdate(
            function.Name,
            entry,
            (name, existing) => existing.Function is null
                ? entry with { Descriptor = descriptor with { IsEnabled = existing.Descriptor.IsEnabled } }
                : throw new InvalidOperationException($"A tool named '{name}' is already registered (from {existing.Descriptor.Source} '{existing.Descriptor.SourceName}'); give one of them another name."));
        return _tools[function.Name].Descriptor;
    }

    /// <summary>Registers every function of a kernel plugin as <c>plugin_function</c>, invoked through <paramref name="kernel"/> (so its filters, budget included, run).</summary>
    /// <param name="kernel">The kernel whose services and filters the calls use.</param>
    /// <param name="plugin">The plugin.</param>
    /// <param name="registration">The policy of every function, unless <paramref name="perFunction"/> names it.</param>
    /// <param name="perFunction">Policies by function name (without the plugin prefix).</param>
    /// <returns>The registered descriptors.</returns>
    public IReadOnlyList<ToolDescriptor> RegisterPlugin(Kernel kernel, KernelPlugin plugin, ToolRegistration? registration = null, IReadOnlyDictionary<string, ToolRegistration>? perFunction = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(plugin);
        var added = new List<ToolDescriptor>();
        foreach (var function in plugin)
        {
            var own = perFunction is not null && perFunction.TryGetValue(function.Name, out var r) ? r : registration;
            var ai = new KernelToolFunction(kernel, function, $"{plugin.Name}_{function.Name}");
            added.Add(Register(ai, ToolSource.KernelFunction, plugin.Name, own));
        }

        return added;
    }

    /// <summary>Lists every known tool, by name (stored tools with no live function included, see <see cref="IsCallable"/>).</summary>
    /// <returns>The tools.</returns>
    public IReadOnlyList<ToolDescriptor> List() => [.. _tools.Values.Select(e => e.Descriptor).OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>Gets a tool by name.</summary>
    /// <param name="name">The tool name.</param>
    /// <returns>The tool, or <see langword="null"/> when none has that name.</returns>
    public ToolDescriptor? Get(string name) => _tools.TryGetValue(name, out var entry) ? entry.Descriptor : null;

    /// <summary>Tells whether a tool is registered live in this process (stored tools from elsewhere are listed but not callable).</summary>
    /// <param name="name">The tool name.</param>
    /// <returns><see langword="true"/> when it can be called here.</returns>
    public bool IsCallable(string name) => _tools.TryGetValue(name, out var entry) && entry.Function is not null;

    /// <summary>Finds tools whose name or description matches the words of <paramref name="query"/>, best first.</summary>
    /// <param name="query">Free text (for example <c>read file</c>).</param>
    /// <param name="top">How many to return.</param>
    /// <returns>The matching tools; a name match counts more than a description match.</returns>
    public IReadOnlyList<ToolDescriptor> Search(string query, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = Words().Matches(query).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        return [.. _tools.Values
            .Select(e => (e.Descriptor, Score: Score(e.Descriptor, words)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Descriptor.Name, StringComparer.Ordinal)
            .Take(top)
            .Select(x => x.Descriptor)];
    }

    /// <summary>Stores every live tool (inserted or updated by name).</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many tools were stored.</returns>
    public async Task<int> SaveAsync(IToolRegistryStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var live = _tools.Values.Where(e => e.Function is not null).Select(e => e.Descriptor).ToList();
        await store.UpsertAsync(live, cancellationToken).ConfigureAwait(false);
        return live.Count;
    }

    /// <summary>
    /// Reads the stored tools: those not registered here become listed (not callable), and a live tool disabled in the
    /// store (<c>is_enabled = false</c>) is disabled here, so an operator can switch a tool off without a deploy.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How many stored tools were read.</returns>
    public async Task<int> LoadAsync(IToolRegistryStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var descriptor in stored)
        {
            _tools.AddOrUpdate(
                descriptor.Name,
                new Entry(descriptor, null),
                (_, existing) => existing with { Descriptor = existing.Descriptor with { IsEnabled = existing.Descriptor.IsEnabled && descriptor.IsEnabled } });
        }

        return stored.Count;
    }

    /// <summary>Enables or disables a tool in this process.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="enabled">Whether calls are allowed.</param>
    /// <exception cref="KeyNotFoundException">No tool has that name.</exception>
    public void SetEnabled(string name, bool enabled)
    {
        if (!_tools.TryGetValue(name, out var entry))
        {
            throw new KeyNotFoundException($"No tool named '{name}' is registered.");
        }

        _tools[name] = entry with { Descriptor = entry.Descriptor with { IsEnabled = enabled } };
    }

    internal bool TryGet(string name, out ToolDescriptor descriptor, out AIFunction? function)
    {
        if (_tools.TryGetValue(name, out var entry))
        {
            (descriptor, function) = (entry.Descriptor, entry.Function);
            return true;
        }

        (descriptor, function) = (null!, null);
        return false;
    }

    internal IEnumerable<string> Names => _tools.Keys;

    private static int Score(ToolDescriptor tool, List<string> words)
    {
        var text = $"{tool.Description} {tool.SourceName} {tool.Category}";
        return words.Sum(w => (tool.Name.Contains(w, StringComparison.OrdinalIgnoreCase) ? 2 : 0) + (text.Contains(w, StringComparison.OrdinalIgnoreCase) ? 1 : 0));
    }

    private static string DefaultCategory(ToolSource source) => source switch
    {
        ToolSource.KernelFunction => "kernel",
        ToolSource.Mcp => "mcp",
        _ => "host",
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"[\p{L}\p{N}]{2,}")]
    private static partial Regex Words();

    private sealed record Entry(ToolDescriptor Descriptor, AIFunction? Function);

    /// <summary>An empty JSON-schema object, for stored tools whose schema is unknown.</summary>
    internal static JsonElement EmptySchema { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}

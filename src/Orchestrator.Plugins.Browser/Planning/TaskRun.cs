using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Plugins.Browser.Session;

namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>The state of one task: its session, the short element references offered to the model, steps and reports.</summary>
internal sealed class TaskRun(BrowserSession session, string boundary)
{
    private readonly Dictionary<string, string> _targets = new(StringComparer.Ordinal);
    private readonly List<string> _steps = [];
    private readonly List<string> _injections = [];
    private int _reported;

    public BrowserSession Session { get; } = session;

    public string Boundary { get; } = boundary;

    public IReadOnlySet<string> Targets => _targets.Keys.ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<string> Steps => _steps;

    public IReadOnlyList<string> Injections => _injections;

    public void SetTargets(PageSnapshot snapshot)
    {
        _targets.Clear();
        for (var i = 0; i < snapshot.Elements.Count; i++)
        {
            _targets[Short(i)] = snapshot.Elements[i].Ref;
        }
    }

    public static PageSnapshot Shorten(PageSnapshot snapshot) =>
        snapshot with { Elements = [.. snapshot.Elements.Select((e, i) => e with { Ref = Short(i) })] };

    /// <summary>A planned reference, or (for waits) a selector the model wrote itself.</summary>
    public string Selector(string target) => _targets.TryGetValue(target, out var selector) ? selector : target;

    public void Record(string step) => _steps.Add(step);

    /// <summary>The outcomes of actions since the last call, for the next planning round.</summary>
    public string TakeFeedback()
    {
        var feedback = string.Join('\n', _steps.Skip(_reported));
        _reported = _steps.Count;
        return feedback;
    }

    public void ReportInjection(ILogger logger, string report)
    {
        if (!_injections.Contains(report))
        {
            _injections.Add(report);
            BrowserLog.InjectionSuspected(logger, report);
        }
    }

    private static string Short(int index) => "e" + (index + 1).ToString(CultureInfo.InvariantCulture);
}

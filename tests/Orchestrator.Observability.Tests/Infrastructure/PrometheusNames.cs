using System.Diagnostics.Metrics;

namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>
/// How the OpenTelemetry Prometheus exporter names an instrument (docs/observability.md): dots become underscores,
/// a real unit is appended (s -> _seconds, ms -> _milliseconds, By -> _bytes; annotations like {token} add nothing),
/// counters end in _total, histograms are exported as _bucket (with label le), _sum and _count.
/// </summary>
public static class PrometheusNames
{
    public static IEnumerable<string> For(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_') + UnitSuffix(instrument.Unit);
        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Counter<>) || type == typeof(ObservableCounter<>))
        {
            return [name + "_total"];
        }

        return type == typeof(Histogram<>) ? [name + "_bucket", name + "_sum", name + "_count"] : [name];
    }

    public static string Label(string tag) => tag.Replace('.', '_');

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        _ when unit.StartsWith('{') => string.Empty,
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "By" => "_bytes",
        _ => "_" + unit,
    };
}

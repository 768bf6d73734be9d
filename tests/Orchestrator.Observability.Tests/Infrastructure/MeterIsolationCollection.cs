namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>
/// Tests that read metrics back through a host's OpenTelemetry exporter run alone, after the parallel ones. Every host
/// creates its meters under the one name "Orchestrator", and OpenTelemetry .NET merges same-named instruments of all
/// meters in the process into one stream: when another test's host is disposed (its IMeterFactory disposes its
/// meters), the shared stream ends and this host's series vanish from its own scrape
/// (open-telemetry/opentelemetry-dotnet#6412). One host per process, the production shape, is not affected.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterIsolationCollection
{
    public const string Name = "meter isolation";
}

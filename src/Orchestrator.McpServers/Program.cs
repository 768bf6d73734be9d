using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.McpServers.Hosting;
using Orchestrator.McpServers.Memory;

ServerSettings settings;
MemoryMaintenance maintenance;
try
{
    (settings, maintenance) = CommandLine.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or InvalidDataException or FileNotFoundException)
{
    await Console.Error.WriteLineAsync($"orchestrator-mcp: {ex.Message}\n{CommandLine.Usage}").ConfigureAwait(false);
    return 2;
}

try
{
    if (maintenance != MemoryMaintenance.None)
    {
        using var store = new MemoryStore(settings.Memory, KeyRing.Load(settings.Memory), TimeProvider.System, NullLogger<MemoryStore>.Instance);
        var (count, failures) = maintenance == MemoryMaintenance.RotateKeys
            ? await store.RotateAsync(CancellationToken.None).ConfigureAwait(false)
            : await store.RebuildManifestAsync(CancellationToken.None).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(maintenance == MemoryMaintenance.RotateKeys
            ? $"Re-encrypted {count} records under the current key; {failures.Count} could not be read."
            : $"Signed a new manifest over {count} records; {failures.Count} failed their checks and were moved to quarantine/.").ConfigureAwait(false);
        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync(failure).ConfigureAwait(false);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    using IHost host = settings.Transport == TransportKind.Http ? ServerHost.BuildHttp(settings) : ServerHost.BuildStdio(settings);
    await host.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"orchestrator-mcp: {ex.Message}").ConfigureAwait(false);
    return 2;
}
catch (MemoryIntegrityException ex)
{
    await Console.Error.WriteLineAsync($"orchestrator-mcp: {ex.Message}").ConfigureAwait(false);
    return 1;
}

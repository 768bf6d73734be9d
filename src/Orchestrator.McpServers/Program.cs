using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.McpServers.Hosting;
using Orchestrator.McpServers.Memory;

ServerSettings settings;
bool rotateKeys;
try
{
    (settings, rotateKeys) = CommandLine.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or InvalidDataException or FileNotFoundException)
{
    await Console.Error.WriteLineAsync($"orchestrator-mcp: {ex.Message}\n{CommandLine.Usage}").ConfigureAwait(false);
    return 2;
}

try
{
    if (rotateKeys)
    {
        using var store = new MemoryStore(settings.Memory, KeyRing.Load(settings.Memory), TimeProvider.System, NullLogger<MemoryStore>.Instance);
        var (rewrapped, failures) = await store.RotateAsync(CancellationToken.None).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"Re-encrypted {rewrapped} records under the current key; {failures.Count} could not be read.").ConfigureAwait(false);
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

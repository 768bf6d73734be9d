using Microsoft.Extensions.Hosting;

namespace Orchestrator.Testing.Wire;

/// <summary>A host lifetime that does nothing: a test's many servers must not each hook Ctrl+C and SIGTERM of the test process.</summary>
internal sealed class InertHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

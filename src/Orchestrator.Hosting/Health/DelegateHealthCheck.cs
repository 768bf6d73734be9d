using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Hosting.Health;

/// <summary>A health check that runs a function over the host's services.</summary>
internal sealed class DelegateHealthCheck : IHealthCheck
{
    private readonly IServiceProvider _services;
    private readonly Func<IServiceProvider, CancellationToken, Task<HealthCheckResult>> _check;

    public DelegateHealthCheck(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task<HealthCheckResult>> check)
    {
        _services = services;
        _check = check;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => _check(_services, cancellationToken);
}

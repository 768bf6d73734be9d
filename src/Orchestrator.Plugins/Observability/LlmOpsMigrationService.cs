using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Orchestrator.Plugins.Observability;

/// <summary>Applies the LLMOps schema migrations when a generic host starts, unless <see cref="LlmOpsLogOptions.MigrateOnStart"/> is off.</summary>
internal sealed class LlmOpsMigrationService : IHostedService
{
    private readonly LlmOpsLog _log;
    private readonly IOptions<LlmOpsLogOptions> _options;

    public LlmOpsMigrationService(LlmOpsLog log, IOptions<LlmOpsLogOptions> options)
    {
        _log = log;
        _options = options;
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        _options.Value.MigrateOnStart ? _log.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _log.FlushAsync(cancellationToken).WaitAsync(cancellationToken);
}

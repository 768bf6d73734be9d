using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using Orchestrator.McpServers.Filesystem;
using Orchestrator.McpServers.Git;
using Orchestrator.McpServers.Memory;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Hosting;

/// <summary>
/// Registers one of the three servers with its tools, its guards and the auditing filter. The transport is added by
/// the caller (stdio, Streamable HTTP, or in-memory streams in tests), so every transport runs the same server.
/// </summary>
internal static class McpServerRegistration
{
    public const string FilesystemServer = "filesystem";
    public const string GitServer = "git";
    public const string MemoryServer = "memory";

    public static IMcpServerBuilder AddOrchestratorMcpServer(this IServiceCollection services, ServerSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new AuditLogSettings { Path = settings.AuditLog, ServerName = settings.Server });
        services.AddSingleton<AuditLog>();
        services.AddSingleton<RateLimiter>();
        var server = settings.Server;
        var builder = services.AddMcpServer(options =>
        {
            options.ServerInfo = new Implementation { Name = $"orchestrator-mcp-{server}", Version = typeof(McpServerRegistration).Assembly.GetName().Version?.ToString() ?? "0.0.0" };
        });
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(next => AuditingToolFilter.Wrap(next, server)));

        switch (server)
        {
            case FilesystemServer:
                var guard = new PathGuard(settings.Filesystem);
                if (settings.AuditLog is not null && guard.Roots.Any(r => PathGuard.IsWithin(PathGuard.RealPathOf(Path.GetFullPath(settings.AuditLog)), r)))
                {
                    // A client could otherwise rewrite the evidence of its own calls through write_file.
                    throw new ArgumentException("The audit log must not be inside an allowed root.", nameof(settings));
                }

                services.AddSingleton(settings.Filesystem);
                services.AddSingleton(guard);
                services.AddSingleton<SecureFileAccess>();
                builder.WithTools<FilesystemTools>();
                break;
            case GitServer:
                services.AddSingleton(settings.Git);
                services.AddSingleton(new GitRepositoryAccess(settings.Git));
                builder.WithTools<GitTools>();
                break;
            case MemoryServer:
                services.AddSingleton(settings.Memory);
                services.AddSingleton(KeyRing.Load(settings.Memory));
                services.AddSingleton<MemoryStore>();
                services.AddHostedService<MemoryPurgeService>();
                builder.WithTools<MemoryTools>();
                break;
            default:
                throw new ArgumentException($"Unknown server '{server}'. Use filesystem, git or memory.", nameof(settings));
        }

        return builder;
    }
}

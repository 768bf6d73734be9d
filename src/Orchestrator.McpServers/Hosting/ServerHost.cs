using System.Net;

namespace Orchestrator.McpServers.Hosting;

/// <summary>Builds the process host for the chosen transport. Logs always go to stderr: stdout belongs to JSON-RPC.</summary>
internal static class ServerHost
{
    public const string TokenEnvironmentVariable = "ORCHESTRATOR_MCP_TOKEN";

    public static IHost BuildStdio(ServerSettings settings)
    {
        var builder = Host.CreateApplicationBuilder([]);
        ConfigureLogging(builder.Logging);
        builder.Services.AddOrchestratorMcpServer(settings).WithStdioServerTransport();
        return builder.Build();
    }

    public static WebApplication BuildHttp(ServerSettings settings)
    {
        settings.Token ??= ReadToken(settings);
        var builder = WebApplication.CreateSlimBuilder([]);
        ConfigureLogging(builder.Logging);

        // Loopback only, always: exposing a server beyond this machine is a reverse proxy's job, with its own TLS and auth.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, settings.Port));
        builder.Services.AddSingleton(settings);
        builder.Services.AddOrchestratorMcpServer(settings).WithHttpTransport();
        var app = builder.Build();
        app.UseMiddleware<LoopbackGuardMiddleware>();
        app.MapMcp("/mcp");
        return app;
    }

    private static string ReadToken(ServerSettings settings)
    {
        var token = settings.TokenFile is not null
            ? File.ReadAllText(settings.TokenFile).Trim()
            : Environment.GetEnvironmentVariable(TokenEnvironmentVariable);
        return string.IsNullOrWhiteSpace(token) || token.Length < 16
            ? throw new ArgumentException($"HTTP transport needs a bearer token of at least 16 characters: --token-file FILE or {TokenEnvironmentVariable}.")
            : token;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
    }
}

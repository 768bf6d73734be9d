using System.Globalization;
using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Hosting;

/// <summary>
/// Parses <c>orchestrator-mcp SERVER [options]</c>. A <c>--config FILE</c> JSON (same shape as <see cref="ServerSettings"/>)
/// is read first; options on the command line win. Unknown options are an error, not ignored.
/// </summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: orchestrator-mcp filesystem --root DIR [--root DIR ...]
               orchestrator-mcp git --repository DIR
               orchestrator-mcp memory --store DIR --key-file FILE [--counter-file FILE]
                                       [--rotate-keys | --rebuild-manifest]
        common: [--transport stdio|http] [--port N] [--token-file FILE] [--allowed-origin URL ...]
                [--audit-log FILE] [--config FILE]
        HTTP needs a bearer token: --token-file FILE or ORCHESTRATOR_MCP_TOKEN.
        """;

    public static (ServerSettings Settings, MemoryMaintenance Maintenance) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("The first argument must be the server: filesystem, git or memory.");
        }

        var settings = new ServerSettings();
        var configIndex = IndexOf(args, "--config");
        if (configIndex >= 0)
        {
            new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(Value(args, configIndex)), optional: false).Build().Bind(settings);
        }

        settings.Server = args[0];
        var maintenance = MemoryMaintenance.None;
        var roots = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--config": i++; break;
                case "--root": roots.Add(Value(args, i++)); break;
                case "--repository": settings.Git.Repository = Value(args, i++); break;
                case "--store": settings.Memory.Store = Value(args, i++); break;
                case "--key-file": settings.Memory.KeyFile = Value(args, i++); break;
                case "--counter-file": settings.Memory.CounterFile = Value(args, i++); break;
                case "--rotate-keys": maintenance = MemoryMaintenance.RotateKeys; break;
                case "--rebuild-manifest": maintenance = MemoryMaintenance.RebuildManifest; break;
                case "--transport": settings.Transport = Enum.Parse<TransportKind>(Value(args, i++), ignoreCase: true); break;
                case "--port": settings.Port = int.Parse(Value(args, i++), NumberStyles.None, CultureInfo.InvariantCulture); break;
                case "--token-file": settings.TokenFile = Value(args, i++); break;
                case "--allowed-origin": settings.AllowedOrigins.Add(Value(args, i++)); break;
                case "--audit-log": settings.AuditLog = Value(args, i++); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (roots.Count > 0)
        {
            settings.Filesystem.Roots = roots;
        }

        return (settings, maintenance);
    }

    private static int IndexOf(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Value(IReadOnlyList<string> args, int index) =>
        index + 1 < args.Count ? args[index + 1] : throw new ArgumentException($"Option '{args[index]}' needs a value.");
}

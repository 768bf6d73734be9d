namespace Orchestrator.McpServers.Tests;

/// <summary>Finds the built server dll so tests can run it as a child process with <c>dotnet</c>.</summary>
internal static class ServerBinary
{
    public static string DllPath()
    {
        var besideTests = Path.Combine(AppContext.BaseDirectory, "Orchestrator.McpServers.dll");
        if (File.Exists(besideTests) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Orchestrator.McpServers.runtimeconfig.json")))
        {
            return besideTests;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Orchestrator.McpServers", "bin", configuration, "net10.0", "Orchestrator.McpServers.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Build src/Orchestrator.McpServers first: its dll was not found.");
    }
}

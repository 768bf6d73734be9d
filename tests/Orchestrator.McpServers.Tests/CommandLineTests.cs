using Orchestrator.McpServers.Hosting;
using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void A_json_config_file_supplies_settings_and_the_command_line_overrides_it()
    {
        var config = _temp.Write("config.json", """
            { "Transport": "Http", "Port": 9100, "AuditLog": "/var/log/a.jsonl",
              "Filesystem": { "Roots": [ "/srv/a" ], "ReadsPerMinute": 7, "ForbiddenPatterns": [ "*.pem" ] } }
            """);
        var (settings, maintenance) = CommandLine.Parse(["filesystem", "--config", config, "--port", "9200"]);
        Assert.Equal(MemoryMaintenance.None, maintenance);
        Assert.Equal(TransportKind.Http, settings.Transport);
        Assert.Equal(9200, settings.Port);
        Assert.Equal(["/srv/a"], settings.Filesystem.Roots);
        Assert.Equal(7, settings.Filesystem.ReadsPerMinute);
        Assert.Contains("*.pem", settings.Filesystem.ForbiddenPatterns);
    }

    [Theory]
    [InlineData("filesystem", "--unknown")]
    [InlineData("filesystem", "--root")]
    [InlineData("--root", "/x")]
    [InlineData("git", "--port", "-1")]
    public void Bad_command_lines_are_rejected(params string[] args) =>
        Assert.ThrowsAny<Exception>(() => CommandLine.Parse(args));

    public void Dispose() => _temp.Dispose();
}

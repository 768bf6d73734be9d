using Orchestrator.McpServers.Filesystem;
using Orchestrator.McpServers.Hosting;

namespace Orchestrator.McpServers.Tests;

/// <summary>
/// A root full of traps: a sibling directory sharing the root's prefix, links out of the root (absolute,
/// relative, chained, dangling), and files that look like secrets.
/// </summary>
internal sealed class FilesystemFixture : IDisposable
{
    public const string OutsideSecret = "OUTSIDE-SECRET-7f3a";
    public const string SiblingSecret = "SIBLING-SECRET-91c2";
    private readonly TempDirectory _temp = new();

    public FilesystemFixture()
    {
        Root = _temp.Combine("root");
        Directory.CreateDirectory(Root);
        _temp.Write("root/hello.txt", "hello\nworld\nthree");
        _temp.Write("root/sub/inner.txt", "inner");
        _temp.Write("root-evil/data.txt", SiblingSecret);
        Outside = _temp.Combine("outside");
        _temp.Write("outside/data.txt", OutsideSecret);
        _temp.Write("root/.env", "ENV-SECRET");
        _temp.Write("root/.ssh/id_rsa", "PRIVATE-KEY");
        _temp.Write("root/sub/credentials.json", "{\"password\":\"x\"}");
        _temp.Write("root/config/api.secret", "API-SECRET");
        File.CreateSymbolicLink(Path.Combine(Root, "link-dir"), Outside);
        File.CreateSymbolicLink(Path.Combine(Root, "link-file"), Path.Combine(Outside, "data.txt"));
        File.CreateSymbolicLink(Path.Combine(Root, "chain2"), Path.Combine(Outside, "data.txt"));
        File.CreateSymbolicLink(Path.Combine(Root, "chain1"), Path.Combine(Root, "chain2"));
        File.CreateSymbolicLink(Path.Combine(Root, "dangling"), Path.Combine(Outside, "new.txt"));
        File.CreateSymbolicLink(Path.Combine(Root, "rel-escape"), "../outside");
        File.CreateSymbolicLink(Path.Combine(Root, "sibling-link"), _temp.Combine("root-evil"));
        File.CreateSymbolicLink(Path.Combine(Root, "innocent.txt"), Path.Combine(Root, ".env"));
        using (var ln = System.Diagnostics.Process.Start("ln", [Path.Combine(Outside, "data.txt"), Path.Combine(Root, "hardlink.txt")]))
        {
            ln.WaitForExit();
        }

        AuditPath = _temp.Combine("audit", "audit.jsonl");
    }

    public string Root { get; }

    public string Outside { get; }

    public string Temp => _temp.Path;

    public string AuditPath { get; }

    public ServerSettings Settings(Action<FilesystemSettings>? configure = null)
    {
        var settings = new ServerSettings { Server = "filesystem", AuditLog = AuditPath };
        settings.Filesystem.Roots = [Root];
        configure?.Invoke(settings.Filesystem);
        return settings;
    }

    public string Audit() => File.Exists(AuditPath) ? File.ReadAllText(AuditPath) : string.Empty;

    public string[] OutsideFiles() =>
        [.. Directory.EnumerateFiles(Outside), .. Directory.EnumerateFiles(_temp.Combine("root-evil"))];

    public void Dispose() => _temp.Dispose();
}

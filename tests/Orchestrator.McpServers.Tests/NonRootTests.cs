using ModelContextProtocol.Client;

namespace Orchestrator.McpServers.Tests;

/// <summary>
/// The filesystem server runs as an unprivileged user. Under root (as in CI) the server is started as uid 65534
/// through setpriv, because root bypasses permission bits and would prove nothing.
/// </summary>
public sealed class NonRootTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_filesystem_server_serves_as_an_unprivileged_user_and_file_permissions_still_apply()
    {
        var isRoot = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        if (isRoot && !File.Exists("/usr/bin/setpriv"))
        {
            Assert.Skip("Running as root without setpriv: cannot start the server as an unprivileged user.");
        }

        var root = _temp.Combine("root");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "public.txt"), "for everyone");
        var privateFile = Path.Combine(root, "private.txt");
        File.WriteAllText(privateFile, "owner only");
        const UnixFileMode everyone = (UnixFileMode)0b111_111_111;
        File.SetUnixFileMode(_temp.Path, everyone);
        File.SetUnixFileMode(root, everyone);
        File.SetUnixFileMode(Path.Combine(root, "public.txt"), (UnixFileMode)0b110_110_110);
        File.SetUnixFileMode(privateFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        string[] server = ["dotnet", ServerBinary.DllPath(), "filesystem", "--root", root];
        var options = isRoot
            ? new StdioClientTransportOptions { Command = "setpriv", Arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", .. server] }
            : new StdioClientTransportOptions { Command = server[0], Arguments = server[1..] };
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(options), cancellationToken: TestContext.Current.CancellationToken);

        var ok = await client.CallToolAsync("read_text_file", new Dictionary<string, object?> { ["path"] = "public.txt" }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("for everyone", ok.Text());
        Assert.True((await client.CallToolAsync("write_file", new Dictionary<string, object?> { ["path"] = "new.txt", ["content"] = "x" }, cancellationToken: TestContext.Current.CancellationToken)).Ok());
        if (isRoot)
        {
            var denied = await client.CallToolAsync("read_text_file", new Dictionary<string, object?> { ["path"] = "private.txt" }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(denied.IsError);
            Assert.EndsWith("Permission denied for 'private.txt'.", denied.Text(), StringComparison.Ordinal);
        }
    }

    public void Dispose() => _temp.Dispose();
}

using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(Orchestrator.Budgets.Tests.Ledgers.RedisCluster))]

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>
/// A real three-shard Redis Cluster on loopback (no replicas), made with <c>redis-cli --cluster create</c>, started for
/// the test run and stopped after it. Each node's cluster bus listens on its port + 10000.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private readonly List<Process> _nodes = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"orch-redis-cluster-{Guid.NewGuid():N}");

    public IReadOnlyList<int> Ports { get; private set; } = [];

    public string ConnectionString => string.Join(',', Ports.Select(p => $"127.0.0.1:{p}")) + ",abortConnect=false";

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // Leave no node running when the cluster could not be formed.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(_directory);
        Ports = [.. Enumerable.Range(0, 3).Select(_ => FreeNodePort())];
        foreach (var port in Ports)
        {
            var name = port.ToString(CultureInfo.InvariantCulture);
            _nodes.Add(Start("redis-server",
                "--port", name, "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{name}.conf",
                "--cluster-node-timeout", "2000", "--dir", _directory, "--save", "", "--appendonly", "no"));
        }

        foreach (var port in Ports)
        {
            await PingAsync(port);
        }

        using var create = Start("redis-cli", ["--cluster", "create", .. Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]);
        var output = await create.StandardOutput.ReadToEndAsync();
        await create.WaitForExitAsync();
        if (create.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode}): {output}");
        }

        // Slots are assigned; wait until every node agrees the cluster is up.
        for (var i = 0; i < 600; i++)
        {
            await using var probe = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
            var states = await Task.WhenAll(Ports.Select(async p => (string?)await probe.GetServer("127.0.0.1", p).ExecuteAsync("CLUSTER", "INFO")));
            if (states.All(s => s is not null && s.Contains("cluster_state:ok", StringComparison.Ordinal)) && probe.GetServer("127.0.0.1", Ports[0]).ServerType == ServerType.Cluster)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("The Redis Cluster did not reach cluster_state:ok.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
                await node.WaitForExitAsync();
            }

            node.Dispose();
        }

        _nodes.Clear();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    // The cluster bus needs port + 10000 free as well.
    private static int FreeNodePort()
    {
        while (true)
        {
            var port = RedisServer.FreePort();
            if (port + 10000 < 65536)
            {
                try
                {
                    using var bus = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port + 10000);
                    bus.Start();
                    return port;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // Taken: try another.
                }
            }
        }
    }

    private static async Task PingAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true,connectTimeout=500");
                await probe.GetServer("127.0.0.1", port).PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not answer on port {port}.");
    }

    private static Process Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
            if (file == "redis-server")
            {
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
            }

            return process;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{file} is not installed: apt-get install -y redis-server redis-tools (scripts/test.sh does this).", ex);
        }
    }
}

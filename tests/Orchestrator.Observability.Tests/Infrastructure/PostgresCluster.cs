using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp directory, trust auth, loopback only, a free port, stopped and
/// deleted at the end. PostgreSQL refuses to run as root, so under root (CI) every server command runs as 'postgres'.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly bool IsRoot = Environment.UserName == "root";
    private readonly string _bin;
    private readonly string _root;
    private int _databases;

    private PostgresCluster(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_root, "data");

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var root = Directory.CreateTempSubdirectory("orch-pg-").FullName;
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
        }

        var cluster = new PostgresCluster(bin, root, FreePort());
        try
        {
            await RunAsync(Path.Combine(bin, "initdb"), ["-D", cluster.DataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"], IsRoot);
            await cluster.StartServerAsync();
            return cluster;
        }
        catch (InvalidOperationException ex)
        {
            var log = cluster.ServerLog;
            Directory.Delete(root, recursive: true);
            throw new InvalidOperationException($"{ex.Message}\nServer log:\n{log}", ex);
        }
    }

    public Task StartServerAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"),
        ["-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o",
         $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"], IsRoot);

    /// <summary>
    /// Stops the server the way an operator or a failover does (fast: connections are cut, committed data is kept).
    /// Not 'immediate': with fsync and synchronous_commit off for speed, a crash would lose acknowledged commits.
    /// </summary>
    public string ServerLog => File.Exists(Path.Combine(_root, "server.log")) ? File.ReadAllText(Path.Combine(_root, "server.log")) : string.Empty;

    public Task StopServerAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "fast", "-w", "stop"], IsRoot);

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 5, CommandTimeout = 60 }.ToString();

    /// <summary>Creates an empty database (one per test class) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
            {
                await StopServerAsync();
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
            : [];
        return candidates.OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql (scripts/test.sh does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}

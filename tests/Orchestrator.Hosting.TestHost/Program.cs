using Orchestrator.Hosting.TestHost;
using Orchestrator.Testing.Wire;

// gateway [URLS]    the gateway, configured from environment variables (Orchestrator__..., Gateway__...)
// wire [TEXT]       a standalone wire-level test server answering every chat request with TEXT (ORCH_WIRE_TOOL,
//                   ORCH_WIRE_TOOL_ARGS, ORCH_WIRE_LOG: a scripted tool call and a request log, see WireAgentScript)
// Each prints "LISTENING <url>" once it serves, then runs until stdin closes or the process is signalled
// (ORCH_TESTHOST_WATCH_STDIN=0: until signalled only, for scripts that start it in the background).
var mode = args.Length > 0 ? args[0] : "gateway";
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    try
    {
        stop.Cancel();
    }
    catch (ObjectDisposedException)
    {
        // A normal end (SIGTERM stops the host first) disposed it before the runtime raised ProcessExit.
    }
};
if (Environment.GetEnvironmentVariable("ORCH_TESTHOST_WATCH_STDIN") != "0")
{
    _ = Task.Run(async () =>
    {
        // A parent that dies or closes our stdin ends us: no orphaned servers after a crashed test run.
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }

        stop.Cancel();
    });
}

switch (mode)
{
    case "wire":
        await using (var server = await WireServer.StartAsync(stop.Token).ConfigureAwait(false))
        {
            server.DefaultReply = WireAgentScript.Build(args.Length > 1 ? args[1] : "Hello from the wire-level test server, streamed word by word.");
            Console.WriteLine($"LISTENING {server.BaseAddress}");
            await WaitAsync(stop.Token).ConfigureAwait(false);
        }

        return 0;
    case "gateway":
        await using (var app = GatewayApp.Build(args.Length > 1 ? args[1] : "http://127.0.0.1:0"))
        {
            await app.StartAsync(stop.Token).ConfigureAwait(false);
            Console.WriteLine($"LISTENING {app.Urls.First()}");

            // The host's console lifetime takes SIGTERM (and stops the app) before ProcessExit would fire.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, app.Lifetime.ApplicationStopping);
            await WaitAsync(stopping.Token).ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return 0;
    default:
        await Console.Error.WriteLineAsync($"Unknown mode '{mode}': use 'gateway [URLS]' or 'wire [TEXT]'.").ConfigureAwait(false);
        return 2;
}

static async Task WaitAsync(CancellationToken token)
{
    try
    {
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
    }
    catch (OperationCanceledException)
    {
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;
using Orchestrator.Distribution.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Distribution.Tests;

/// <summary>
/// Runs every C# cell of docs/notebook/orchestrator-tour.ipynb, in order, in .NET Interactive's C# kernel, with its
/// <c>#i</c>/<c>#r</c> lines pointed at the packages this run packed, against the wire-level test server.
/// </summary>
public sealed partial class NotebookTests(PackedFeed feed)
{
    [Fact]
    public async Task Every_cell_of_the_tour_runs_against_the_freshly_packed_packages()
    {
        var ct = TestContext.Current.CancellationToken;
        await feed.GetAsync(ct);
        await using var server = await WireServer.StartAsync(ct);
        server.ForModel("gpt-4o-mini").Enqueue(ScriptedReply.Text("It stops calling a failing service for a while.", inputTokens: 1000, outputTokens: 100));
        server.ForModel("gpt-4o").Enqueue(ScriptedReply.Text("Consistency, availability, partition tolerance: pick two.", inputTokens: 2000, outputTokens: 10));
        Environment.SetEnvironmentVariable("ORCH_NOTEBOOK_BASE_URL", server.OpenAIEndpoint.ToString());
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "sk-notebook-0123456789");

        var document = Notebook.Parse(await File.ReadAllTextAsync(Repo.Path("docs", "notebook", "orchestrator-tour.ipynb"), ct));
        using var kernel = new CSharpKernel().UseNugetDirective((k, resolved) =>
        {
            k.AddAssemblyReferences(resolved.SelectMany(r => r.AssemblyPaths));
            return Task.CompletedTask;
        });
        var returned = new List<string>();
        foreach (var cell in document.Elements.Where(e => e.KernelName == "csharp"))
        {
            var code = cell.Contents
                .Replace("../../artifacts/packages", feed.Directory, StringComparison.Ordinal)
                .Replace(", 0.1.0\"", $", {feed.Version}\"", StringComparison.Ordinal);
            var result = await kernel.SendAsync(new SubmitCode(code), ct);
            var failure = result.Events.OfType<CommandFailed>().FirstOrDefault();
            Assert.True(failure is null, $"This cell failed:\n{code}\n\n{failure?.Message}");
            returned.AddRange(result.Events.OfType<ReturnValueProduced>().Select(r => r.Value?.ToString() ?? string.Empty));
        }

        // The kernel ran the packed library, not a build output.
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Orchestrator.Kernel");
        Assert.Contains(feed.Version, loaded.Location, StringComparison.Ordinal);

        // gpt-4o-mini: 1000 x $0.15/M + 100 x $0.60/M; gpt-4o: 2000 x $2.50/M + 10 x $10/M (the packaged catalog's prices).
        const decimal cheap = 0.00021m, strong = 0.0051m;
        Assert.Equal(3, returned.Count);
        var first = FirstCall().Match(returned[0]);
        Assert.True(first.Success, returned[0]);
        Assert.Equal(cheap, decimal.Parse(first.Groups["cost"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("gpt-4o", returned[1]);
        var budget = Budget().Match(returned[2]);
        Assert.True(budget.Success, returned[2]);
        Assert.Equal(cheap + strong, decimal.Parse(budget.Groups["spent"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(["gpt-4o-mini", "gpt-4o"], server.Requests.Select(r => r.Model));
    }

    [GeneratedRegex(@"^gpt-4o-mini answered: It stops calling a failing service for a while\. \(1000 in, 100 out, \$(?<cost>[0-9.]+)\)$")]
    private static partial Regex FirstCall();

    [GeneratedRegex(@"^user:ada:daily: spent \$(?<spent>[0-9.]+) of \$1(\.0+)? \([0-9.]+%\)$")]
    private static partial Regex Budget();
}

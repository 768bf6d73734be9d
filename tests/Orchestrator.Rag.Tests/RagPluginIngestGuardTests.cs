using Microsoft.SemanticKernel;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Plugin;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// The plugin's <c>ingest</c> is a model-callable function, so what it may read is confined: real files, real symbolic
/// links, invoked through a real kernel as a model's tool call would be.
/// </summary>
public sealed class RagPluginIngestGuardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-ingest-guard-").FullName;
    private readonly string _root;
    private readonly string _outside;

    public RagPluginIngestGuardTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_dir, "allowed")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_dir, "private")).FullName;
        File.WriteAllText(Path.Combine(_root, "farm.txt"), "Farm income fell as wheat prices declined.");
        File.WriteAllText(Path.Combine(_outside, "diary.txt"), "My bank PIN is 4321.");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(Kernel Kernel, RagIndex Index)> KernelAsync(Action<RagPluginOptions>? configure = null)
    {
        var embedder = new HashingEmbedder();
        var index = await RagIndex.OpenAsync(new RagIndexOptions { Directory = Path.Combine(_dir, "index") }, embedder, Ct);
        var options = new RagPluginOptions();
        options.IngestRoots.Add(_root);
        configure?.Invoke(options);
        var builder = Kernel.CreateBuilder();
        builder.Plugins.AddFromObject(new RagPlugin(index, embedder, options: options), "rag");
        return (builder.Build(), index);
    }

    private static Task<FunctionResult> IngestAsync(Kernel kernel, string path) =>
        kernel.InvokeAsync("rag", "ingest", new KernelArguments { ["path"] = path }, Ct);

    private static async Task<T> RefusedAsync<T>(Kernel kernel, string path)
        where T : Exception
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => IngestAsync(kernel, path));
        return Assert.IsType<T>(error is KernelException { InnerException: { } inner } ? inner : error);
    }

    [Fact]
    public async Task Without_ingest_roots_the_function_is_off()
    {
        var (kernel, index) = await KernelAsync(o => o.IngestRoots.Clear());
        using (index)
        {
            var error = await RefusedAsync<InvalidOperationException>(kernel, _root);
            Assert.Contains("ingest function is off", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, index.DocumentCount);
        }
    }

    [Fact]
    public async Task Paths_outside_the_roots_by_name_dotdot_or_symbolic_link_are_refused_and_nothing_is_indexed()
    {
        var (kernel, index) = await KernelAsync();
        using (index)
        {
            File.CreateSymbolicLink(Path.Combine(_root, "diary.txt"), Path.Combine(_outside, "diary.txt"));
            Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), _outside);

            Assert.Contains("outside the folders", (await RefusedAsync<UnauthorizedAccessException>(kernel, _outside)).Message, StringComparison.Ordinal);
            Assert.Contains("outside the folders", (await RefusedAsync<UnauthorizedAccessException>(kernel, "../private/diary.txt")).Message, StringComparison.Ordinal);
            Assert.Contains("symbolic link", (await RefusedAsync<UnauthorizedAccessException>(kernel, "diary.txt")).Message, StringComparison.Ordinal);
            Assert.Contains("symbolic link", (await RefusedAsync<UnauthorizedAccessException>(kernel, "linked/diary.txt")).Message, StringComparison.Ordinal);
            // A link whose target climbs out of another link: ".." applies after "a" is resolved, as the kernel does it.
            Directory.CreateDirectory(Path.Combine(_outside, "deep"));
            Directory.CreateSymbolicLink(Path.Combine(_root, "a"), Path.Combine(_outside, "deep"));
            File.WriteAllText(Path.Combine(_outside, "notes.txt"), "Passport number 123.");
            File.CreateSymbolicLink(Path.Combine(_root, "climb.txt"), "a/../notes.txt");
            Assert.Equal("Passport number 123.", File.ReadAllText(Path.Combine(_root, "climb.txt")));
            Assert.Contains("symbolic link", (await RefusedAsync<UnauthorizedAccessException>(kernel, "climb.txt")).Message, StringComparison.Ordinal);
            Assert.Contains("'~' (not expanded)", (await RefusedAsync<ArgumentException>(kernel, "~/diary.txt")).Message, StringComparison.Ordinal);
            Assert.Equal(0, index.DocumentCount);

            // The whole root: the linked file and folder are not followed, so the diary never enters the index.
            var report = (await IngestAsync(kernel, _root)).GetValue<RagIngestReport>()!;
            Assert.Equal(1, report.Added);
            Assert.Empty(await index.Retriever.RetrieveAsync("bank PIN", new() { TopK = 5, Filter = new Orchestrator.Retrieval.MetadataFilter().Equal("source", "diary.txt") }, Ct));
            Assert.All(await index.Retriever.RetrieveAsync("bank PIN", new() { TopK = 5 }, Ct), r => Assert.DoesNotContain("4321", r.Chunk.Text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Secret_names_and_oversize_files_are_refused_alone_and_left_out_of_a_folder_with_the_reason()
    {
        var (kernel, index) = await KernelAsync(o => o.MaxFileBytes = 200);
        using (index)
        {
            var notes = Directory.CreateDirectory(Path.Combine(_root, "notes")).FullName;
            File.WriteAllText(Path.Combine(notes, "ideas.md"), "# Ideas\n\nIrrigation subsidies.");
            File.WriteAllText(Path.Combine(notes, "aws-credentials.txt"), "aws_secret_access_key = abc");
            File.WriteAllText(Path.Combine(notes, "big.txt"), new string('x', 500));
            Directory.CreateDirectory(Path.Combine(notes, ".ssh"));
            File.WriteAllText(Path.Combine(notes, ".ssh", "notes.txt"), "host keys");

            Assert.Contains("forbidden name", (await RefusedAsync<UnauthorizedAccessException>(kernel, "notes/aws-credentials.txt")).Message, StringComparison.Ordinal);
            Directory.CreateSymbolicLink(Path.Combine(_root, ".aws"), notes); // a secret name in front of an innocent folder
            Assert.Contains("forbidden name", (await RefusedAsync<UnauthorizedAccessException>(kernel, ".aws/ideas.md")).Message, StringComparison.Ordinal);
            Assert.Contains("over the 200-byte limit", (await RefusedAsync<UnauthorizedAccessException>(kernel, "notes/big.txt")).Message, StringComparison.Ordinal);

            var report = (await IngestAsync(kernel, "notes")).GetValue<RagIngestReport>()!;

            Assert.Equal(1, report.Added);
            Assert.Equal(
                [Path.Combine(".ssh", "notes.txt") + " (forbidden name)", "aws-credentials.txt (forbidden name)", "big.txt (over the size limit)"],
                report.Refused.Order(StringComparer.Ordinal));
        }
    }
}

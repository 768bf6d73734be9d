using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Plugin;

namespace Orchestrator.Rag.Tests;

public sealed class RagPluginKernelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-plugin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(Kernel Kernel, RagIndex Index)> BuildAsync(IChatClient? chat)
    {
        var corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(corpus);
        await File.WriteAllTextAsync(Path.Combine(corpus, "farm.txt"), "Farm policy\n\nFarm income fell as wheat prices declined. The harvest was large.", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(corpus, "space.txt"), "Space\n\nWe will land a man on the moon before this decade is out.", TestContext.Current.CancellationToken);
        var embedder = new HashingEmbedder();
        var index = await RagIndex.OpenAsync(new RagIndexOptions { Directory = Path.Combine(_dir, "index") }, embedder, TestContext.Current.CancellationToken);
        var builder = Kernel.CreateBuilder();
        var options = new RagPluginOptions();
        options.IngestRoots.Add(corpus);
        builder.Plugins.AddFromObject(new RagPlugin(index, embedder, chat, options: options), "rag");
        var kernel = builder.Build();
        await kernel.InvokeAsync("rag", "ingest", new KernelArguments { ["path"] = corpus }, TestContext.Current.CancellationToken);
        return (kernel, index);
    }

    [Fact]
    public async Task Ask_without_a_chat_client_answers_extractively_says_so_and_cites_the_source()
    {
        var (kernel, index) = await BuildAsync(chat: null);
        using var _ = index;

        var result = await kernel.InvokeAsync("rag", "ask", new KernelArguments { ["question"] = "Why did farm income fall?", ["top"] = 2 }, TestContext.Current.CancellationToken);
        var answer = result.GetValue<RagAnswer>()!;

        Assert.True(answer.IsExtractive);
        Assert.StartsWith("Extractive answer", answer.Text, StringComparison.Ordinal);
        Assert.Contains("wheat prices declined. [1]", answer.Text, StringComparison.Ordinal);
        Assert.Equal("farm.txt", answer.Citations[0].DocumentId);
        Assert.Equal("farm.txt#0", answer.Citations[0].ChunkId);
    }

    [Fact]
    public async Task Ask_with_a_chat_client_sends_numbered_sources_and_returns_the_generated_answer()
    {
        string? prompt = null;
        using var chat = new CallbackChatClient(messages =>
        {
            prompt = string.Join("\n", messages.Select(m => m.Text));
            return "Income fell because wheat prices declined [1].";
        });
        var (kernel, index) = await BuildAsync(chat);
        using var _ = index;

        var result = await kernel.InvokeAsync("rag", "ask", new KernelArguments { ["question"] = "Why did farm income fall?", ["top"] = 2 }, TestContext.Current.CancellationToken);
        var answer = result.GetValue<RagAnswer>()!;

        Assert.False(answer.IsExtractive);
        Assert.Equal("Income fell because wheat prices declined [1].", answer.Text);
        Assert.Contains("[1] farm", prompt, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Question: Why did farm income fall?", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_returns_scored_chunks_with_their_sources_and_honours_the_filter()
    {
        var (kernel, index) = await BuildAsync(chat: null);
        using var _ = index;

        var hits = (await kernel.InvokeAsync("rag", "search", new KernelArguments { ["query"] = "moon", ["filter"] = "source=space.txt" }, TestContext.Current.CancellationToken))
            .GetValue<IReadOnlyList<RagSearchHit>>()!;

        var hit = Assert.Single(hits);
        Assert.Equal("space.txt", hit.Source);
        Assert.Contains("moon", hit.Text, StringComparison.Ordinal);
    }
}

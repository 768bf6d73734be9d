using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>Real MiniLM vectors: every distinct sentence of two State of the Union addresses from the sample corpus, embedded once per test class.</summary>
public sealed class SotuSentenceVectors
{
    public SotuSentenceVectors()
    {
        using var model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 });
        var records = new List<VectorRecord>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sotu"), "*.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var sentences = SentenceSegmenter.Split(File.ReadAllText(file)).Distinct(StringComparer.Ordinal).ToArray();
            var embeddings = model.GenerateAsync(sentences).GetAwaiter().GetResult();
            records.AddRange(sentences.Select((s, i) => new VectorRecord(Chunks.Make(name, i, s, ("file", name)), embeddings[i].Vector)));
        }

        Records = records;
        Questions = [.. model.GenerateAsync(["How will the government help the unemployed?", "war in Vietnam", "tax cut for families", "banks"]).GetAwaiter().GetResult().Select(e => e.Vector.ToArray())];
    }

    /// <summary>Gets the sentence records, in file and sentence order.</summary>
    public IReadOnlyList<VectorRecord> Records { get; }

    /// <summary>Gets query vectors of a few short questions (the sentence vectors themselves are queries too).</summary>
    public IReadOnlyList<float[]> Questions { get; }

    public static async Task<EmbeddedVectorIndex> IndexAsync(IEnumerable<VectorRecord> records)
    {
        var index = new EmbeddedVectorIndex();
        await index.UpsertAsync([.. records], TestContext.Current.CancellationToken);
        return index;
    }
}

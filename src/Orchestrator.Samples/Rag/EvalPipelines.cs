using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Samples.Rag;

/// <summary>Maps the eval command's names to loaders and retriever settings.</summary>
internal static class EvalPipelines
{
    public static EvalDataset Load(string directory, string? format, string? split)
    {
        format ??= File.Exists(Path.Combine(directory, "corpus.jsonl")) ? "beir"
            : File.Exists(Path.Combine(directory, "cran.all.1400")) ? "cranfield"
            : File.Exists(Path.Combine(directory, "CISI.ALL")) ? "cisi"
            : "squad";
        return format switch
        {
            "beir" => BeirLoader.Load(directory, split),
            "cranfield" => SmartLoader.LoadCranfield(directory),
            "cisi" => SmartLoader.LoadCisi(directory),
            "squad" => SquadLoader.Load(directory),
            _ => throw new ArgumentException($"Unknown --format '{format}': use beir, cranfield, cisi or squad.", nameof(format)),
        };
    }

    public static (RetrievalMode Mode, FusionOptions Fusion) Parse(string pipeline) => pipeline switch
    {
        "bm25" => (RetrievalMode.Keyword, new FusionOptions()),
        "dense" => (RetrievalMode.Dense, new FusionOptions()),
        "hybrid" => (RetrievalMode.Hybrid, new FusionOptions()),
        "hybrid-2signal" => (RetrievalMode.Hybrid, FusionOptions.TwoSignal),
        "hybrid-rrf" => (RetrievalMode.Hybrid, FusionOptions.Rrf),
        "hybrid-70-30" => (RetrievalMode.Hybrid, FusionOptions.Specification70To30),
        _ => throw new ArgumentException($"Unknown --pipeline '{pipeline}': use bm25, dense, hybrid, hybrid-2signal, hybrid-rrf or hybrid-70-30.", nameof(pipeline)),
    };

    /// <summary>The eval names of the keyword scoring models.</summary>
    public static readonly IReadOnlyDictionary<string, KeywordScoring> ScoringNames = new Dictionary<string, KeywordScoring>(StringComparer.Ordinal)
    {
        ["bm25"] = KeywordScoring.Bm25,
        ["dfr-inexpb2"] = KeywordScoring.DfrInExpB2,
        ["dfr-pl2"] = KeywordScoring.DfrPl2,
        ["ib-ll"] = KeywordScoring.IbLl,
        ["ib-spl"] = KeywordScoring.IbSpl,
        ["lm-dirichlet"] = KeywordScoring.LmDirichlet,
        ["lm-jm"] = KeywordScoring.LmJelinekMercer,
        ["bm25plus"] = KeywordScoring.Bm25Plus,
    };

    /// <summary>Returns the eval name of a keyword scoring model.</summary>
    /// <param name="scoring">The model.</param>
    /// <returns>Its name.</returns>
    public static string NameOf(KeywordScoring scoring) => ScoringNames.First(p => p.Value == scoring).Key;

    public static bool TryParseStemmer(string name, out KeywordStemmer stemmer)
    {
        KeywordStemmer? parsed = name switch
        {
            "porter" => KeywordStemmer.Porter,
            "porter-keep-possessives" => KeywordStemmer.PorterKeepPossessives,
            "krovetz" => KeywordStemmer.Krovetz,
            "minimal" => KeywordStemmer.Minimal,
            "none" => KeywordStemmer.None,
            _ => null,
        };
        stemmer = parsed.GetValueOrDefault();
        return parsed is not null;
    }
}

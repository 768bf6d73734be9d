using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;
using Orchestrator.Samples.Hosting;
using Orchestrator.Samples.Rag;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class EvalCommand : AsyncCommand<EvalCommand.Settings>
{
    public sealed class Settings : HostSettings
    {
        [CommandOption("--dataset <DIR>")]
        [Description("Collection folder, e.g. ../shared/eval/scifact.")]
        public string Dataset { get; init; } = string.Empty;

        [CommandOption("--format <FORMAT>")]
        [Description("beir | cranfield | cisi | squad (guessed from the folder's files when omitted).")]
        public string? Format { get; init; }

        [CommandOption("--split <NAME>")]
        [Description("BEIR qrels split: qrels/NAME.tsv (default: the only qrels file, else test).")]
        public string? Split { get; init; }

        [CommandOption("--pipeline <PIPELINE>")]
        [Description("bm25 | dense | hybrid (default: BM25 + best passage + best sentence) | hybrid-2signal (the previous default) | hybrid-rrf | hybrid-70-30.")]
        [DefaultValue("hybrid")]
        public string Pipeline { get; init; } = "hybrid";

        [CommandOption("--rerank <RERANKER>")]
        [Description("none | cross-encoder | llm | ensemble (cross-encoder and/or llm, whichever is configured, blended with the first stage by --alpha).")]
        [DefaultValue("none")]
        public string Rerank { get; init; } = "none";

        [CommandOption("--cross-encoder <PATH>")]
        [Description("ONNX cross-encoder model for --rerank cross-encoder|ensemble, vocab.txt beside it (default: $ORCH_TEST_CROSS_ENCODER).")]
        public string? CrossEncoder { get; init; }

        [CommandOption("--llm-model <PROVIDER/MODEL>")]
        [Description("The chat model of the LLM reranker (default: the router over the configured providers).")]
        public string? LlmModel { get; init; }

        [CommandOption("--alpha <A>")]
        [Description("Ensemble weight of the rerankers against the first-stage score, 0-1.")]
        [DefaultValue(0.5)]
        public double Alpha { get; init; } = 0.5;

        [CommandOption("--rerank-depth <N>")]
        [Description("How many first-stage results are reranked (default: 100 for cross-encoder, 20 for llm and ensemble).")]
        public int? RerankDepth { get; init; }

        [CommandOption("--queries <N>")]
        [Description("Evaluate only the first N queries (e.g. to bound LLM reranking cost).")]
        public int? Queries { get; init; }

        [CommandOption("--json")]
        [Description("Print one JSON object instead of a table.")]
        public bool Json { get; init; }

        [CommandOption("--bm25-k1 <K1>")]
        public float? K1 { get; init; }

        [CommandOption("--bm25-b <B>")]
        public float? B { get; init; }

        [CommandOption("--stemmer <KIND>")]
        [Description("BM25 stemming: porter (default, EnglishAnalyzer) | porter-keep-possessives | krovetz | minimal | none.")]
        public string? Stemmer { get; init; }

        [CommandOption("--keyword-model <MODEL>")]
        [Description("Keyword scoring model: bm25 (default) | dfr-inexpb2 | dfr-pl2 | ib-ll | ib-spl | lm-dirichlet | lm-jm | bm25plus.")]
        public string? KeywordModel { get; init; }

        [CommandOption("--secondary-keyword-model <MODEL>")]
        [Description("A second keyword list over the same index, scored by this model (names as --keyword-model); weighted by --secondary-keyword-weight.")]
        public string? SecondaryKeywordModel { get; init; }

        [CommandOption("--secondary-keyword-weight <W>")]
        [Description("Weight of the --secondary-keyword-model list; 0 = off.")]
        public double? SecondaryKeywordWeight { get; init; }

        [CommandOption("--lm-mu <MU>")]
        [Description("Dirichlet prior of lm-dirichlet (default 2000).")]
        public float? LmMu { get; init; }

        [CommandOption("--lm-lambda <L>")]
        [Description("Collection weight of lm-jm, above 0 and at most 1 (default 0.1).")]
        public float? LmLambda { get; init; }

        [CommandOption("--dense-space <KIND>")]
        [Description("Correct the dense space's anisotropy before cosine: none (default) | center (subtract the mean stored vector) | whiten (BERT-whitening, --space-components kept) | abtt (all-but-the-top: centre and remove the --space-components leading principal directions). Each vector index is fitted on its own stored vectors; queries are mapped alike.")]
        public string? DenseSpace { get; init; }

        [CommandOption("--dense-space-lists <LISTS>")]
        [Description("Which dense lists --dense-space maps: all (default) | documents (whole-document and passage vectors) | sentences.")]
        public string? DenseSpaceLists { get; init; }

        [CommandOption("--space-components <K>")]
        [Description("Principal components kept by --dense-space whiten (default: all) or removed by abtt (default: the dimension / 100, rounded: 4).")]
        public int? SpaceComponents { get; init; }

        [CommandOption("--centroid-weight <W>")]
        [Description("Weight of a sentence-centroid list (each document's normalized mean of its sentence vectors); 0 = off.")]
        public double? CentroidWeight { get; init; }

        [CommandOption("--centroid-vectors")]
        [Description("Replace each multi-sentence document's whole-document vector by its sentence centroid in the dense list.")]
        public bool CentroidVectors { get; init; }

        [CommandOption("--comb-mnz")]
        [Description("Weighted fusion: multiply each fused score by the number of lists that returned the item (CombMNZ).")]
        public bool CombMnz { get; init; }

        [CommandOption("--caseless-sentences")]
        [Description("Segment documents without capitals also before lower-case words (full stop rule for lower-cased text such as Cranfield).")]
        public bool CaselessSentences { get; init; }

        [CommandOption("--title-boost <W>")]
        public float? TitleBoost { get; init; }

        [CommandOption("--proximity-weight <W>")]
        [Description("BM25 term proximity inside the keyword list (sequential dependence model): the share of adjacent query-term pairs, 0-1; 0.15 = unigram 0.85 / ordered 0.1 / unordered 0.05.")]
        public float? ProximityWeight { get; init; }

        [CommandOption("--proximity-list-weight <W>")]
        [Description("Weight of a separate term-proximity list (adjacent query-term pairs close together, BM25-scored); 0 = off.")]
        public double? ProximityListWeight { get; init; }

        [CommandOption("--list-weighting <KIND>")]
        [Description("Per-query list weights: fixed | topgap (scaled by each list's first-to-tenth z-score gap) | topz (by its first hit's z-score).")]
        public string? ListWeighting { get; init; }

        [CommandOption("--neighbour-smoothing <ALPHA>")]
        [Description("Score regularization: each fused score mixed with the mean score of its nearest candidates by stored vector, 0-1; 0 = off.")]
        public double? NeighbourSmoothing { get; init; }

        [CommandOption("--neighbours <K>")]
        [Description("Nearest candidates averaged by --neighbour-smoothing (default 5).")]
        public int? Neighbours { get; init; }

        [CommandOption("--neighbour-weights <KIND>")]
        [Description("How --neighbour-smoothing averages the neighbours: mean (default) | similarity (weighted by cosine).")]
        public string? NeighbourWeights { get; init; }

        [CommandOption("--rm3-docs <N>")]
        [Description("BM25 RM3 pseudo-relevance feedback: top documents read per query (0 = off).")]
        public int? Rm3Docs { get; init; }

        [CommandOption("--rm3-terms <N>")]
        public int? Rm3Terms { get; init; }

        [CommandOption("--rm3-weight <W>")]
        [Description("RM3: weight of the original query, 0-1.")]
        public float? Rm3Weight { get; init; }

        [CommandOption("--dense-weight <W>")]
        public double? DenseWeight { get; init; }

        [CommandOption("--keyword-weight <W>")]
        [Description("Weight of the BM25 list (default: 1 - --dense-weight when that is given, else the pipeline's).")]
        public double? KeywordWeight { get; init; }

        [CommandOption("--sentence-weight <W>")]
        [Description("Weight of the best-sentence dense list (every sentence of every document is embedded); 0 = off.")]
        public double? SentenceWeight { get; init; }

        [CommandOption("--sentence-depth <N>")]
        [Description("Sentences the sentence list takes before grouping them by document (default 1000).")]
        public int? SentenceDepth { get; init; }

        [CommandOption("--sentence-pooling <KIND>")]
        [Description("How the sentence list scores a document from its sentences: max | top2 | lse.")]
        public string? SentencePooling { get; init; }

        [CommandOption("--sentence-keyword-weight <W>")]
        [Description("Weight of a BM25 list over sentences (each document scored by its best sentence); 0 = off.")]
        public double? SentenceKeywordWeight { get; init; }

        [CommandOption("--title-sentence")]
        [Description("The sentence list also embeds each document's title as one more sentence.")]
        public bool TitleSentence { get; init; }

        [CommandOption("--feedback-depth <N>")]
        [Description("Dense pseudo-relevance feedback: top fused results averaged into the query vector for a second dense and sentence search (0 = off).")]
        public int? FeedbackDepth { get; init; }

        [CommandOption("--feedback-weight <W>")]
        [Description("Dense feedback: weight of the centroid added to the query (Rocchio's beta; default 0.5).")]
        public double? FeedbackWeight { get; init; }

        [CommandOption("--rrf-k <K>")]
        public int? RrfK { get; init; }

        [CommandOption("--passages <CHARS>")]
        [Description("Also embed passages of this many characters for longer documents (dense sees whole documents); 0 = off. Default: 1000 for hybrid pipelines, 0 otherwise.")]
        public int? Passages { get; init; }

        [CommandOption("--chunker <KIND>")]
        [Description("How --passages are cut: recursive (default; the first passage is left to the whole-document embedding) | fixed | semantic | sentences.")]
        [DefaultValue("recursive")]
        public string Chunker { get; init; } = "recursive";

        [CommandOption("--passage-title <BOOL>")]
        [Description("Prepend the document title to each passage before embedding (default: true for recursive, false otherwise).")]
        public bool? PassageTitle { get; init; }

        [CommandOption("--threshold <T>")]
        [Description("Semantic chunker similarity threshold (default 0.7).")]
        public float? Threshold { get; init; }

        [CommandOption("--exact-scores <BOOL>")]
        [Description("Weighted fusion: score results only one retriever found with the other retriever's exact score instead of its floor.")]
        public bool? ExactScores { get; init; }

        [CommandOption("--normalization <KIND>")]
        [Description("Weighted fusion normalization: minmax | zscore | tmm (theoretical min-max: score / max).")]
        public string? Normalization { get; init; }

        [CommandOption("--depth <N>")]
        [Description("Candidates each retriever contributes to fusion (default 100).")]
        public int? Depth { get; init; }

        [CommandOption("--sweep")]
        [Description("Tuning aid: evaluate a grid of fusion settings over one index and print nDCG@10 for each.")]
        public bool Sweep { get; init; }

        [CommandOption("--sweep-grid <NAME>")]
        [Description("Which --sweep grid: sentence (the third session's fusion weights, default) | quality (BM25 k1/b/title/proximity, proximity list, list weighting, neighbour smoothing) | stem-centroid | scoring (keyword scoring models, in place of BM25 and as a second list) | space (dense space: mean centring, whitening).")]
        public string? SweepGrid { get; init; }

        [CommandOption("--cache <DIR>")]
        [Description("Embedding cache folder (default: the user's local app data).")]
        public string? Cache { get; init; }

        [CommandOption("--embedding-precision <PRECISION>")]
        [Description("MiniLM precision: float32 | int8 (each has its own embedding cache). Default: MiniLmEmbeddingOptions' default.")]
        public MiniLmPrecision? EmbeddingPrecision { get; init; }

        [CommandOption("--embedding-model <MODEL>")]
        [Description("Offline embedding model: AllMiniLmL6V2AndArcticEmbedXs (the default) | AllMiniLmL6V2 | ArcticEmbedXs (each has its own embedding cache).")]
        public MiniLmModel? EmbeddingModel { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrEmpty(Dataset) || !Directory.Exists(Dataset) ? ValidationResult.Error($"--dataset '{Dataset}' is not a folder.")
            : Rerank is not ("none" or "cross-encoder" or "llm" or "ensemble") ? ValidationResult.Error($"--rerank '{Rerank}' is not one of none, cross-encoder, llm, ensemble.")
            : Alpha is < 0 or > 1 ? ValidationResult.Error("--alpha must be between 0 and 1.")
            : RerankDepth is < 1 ? ValidationResult.Error("--rerank-depth must be at least 1.")
            : Queries is < 1 ? ValidationResult.Error("--queries must be at least 1.")
            : Chunker is not ("recursive" or "fixed" or "semantic" or "sentences") ? ValidationResult.Error($"--chunker '{Chunker}' is not one of recursive, fixed, semantic, sentences.")
            : Passages is < 0 ? ValidationResult.Error("--passages must be 0 or more.")
            : Depth is < 1 ? ValidationResult.Error("--depth must be at least 1.")
            : FeedbackDepth is < 0 ? ValidationResult.Error("--feedback-depth must be 0 or more.")
            : SentenceDepth is < 1 ? ValidationResult.Error("--sentence-depth must be at least 1.")
            : SentencePooling is not (null or "max" or "top2" or "lse") ? ValidationResult.Error($"--sentence-pooling '{SentencePooling}' is not one of max, top2, lse.")
            : Stemmer is not null && !EvalPipelines.TryParseStemmer(Stemmer, out _) ? ValidationResult.Error($"--stemmer '{Stemmer}' is not one of porter, porter-keep-possessives, krovetz, minimal, none.")
            : KeywordModel is not null && !EvalPipelines.ScoringNames.ContainsKey(KeywordModel) ? ValidationResult.Error($"--keyword-model '{KeywordModel}' is not one of {string.Join(", ", EvalPipelines.ScoringNames.Keys)}.")
            : SecondaryKeywordModel is not null && !EvalPipelines.ScoringNames.ContainsKey(SecondaryKeywordModel) ? ValidationResult.Error($"--secondary-keyword-model '{SecondaryKeywordModel}' is not one of {string.Join(", ", EvalPipelines.ScoringNames.Keys)}.")
            : SecondaryKeywordWeight is > 0 && SecondaryKeywordModel is null ? ValidationResult.Error("--secondary-keyword-weight needs --secondary-keyword-model.")
            : DenseSpace is not (null or "none" or "center" or "whiten" or "abtt") ? ValidationResult.Error($"--dense-space '{DenseSpace}' is not one of none, center, whiten, abtt.")
            : DenseSpaceLists is not (null or "all" or "documents" or "sentences") ? ValidationResult.Error($"--dense-space-lists '{DenseSpaceLists}' is not one of all, documents, sentences.")
            : SpaceComponents is < 1 or > 384 ? ValidationResult.Error("--space-components must be between 1 and 384.")
            : LmMu is <= 0 ? ValidationResult.Error("--lm-mu must be above 0.")
            : LmLambda is <= 0 or > 1 ? ValidationResult.Error("--lm-lambda must be above 0 and at most 1.")
            : SecondaryKeywordWeight is < 0 || CentroidWeight is < 0 || SentenceKeywordWeight is < 0 || SentenceWeight is < 0 || KeywordWeight is < 0 || DenseWeight is < 0 ? ValidationResult.Error("Fusion weights must be 0 or more.")
            : ProximityWeight is < 0 or > 1 ? ValidationResult.Error("--proximity-weight must be between 0 and 1.")
            : ProximityListWeight is < 0 ? ValidationResult.Error("--proximity-list-weight must be 0 or more.")
            : ListWeighting is not (null or "fixed" or "topgap" or "topz") ? ValidationResult.Error($"--list-weighting '{ListWeighting}' is not one of fixed, topgap, topz.")
            : NeighbourSmoothing is < 0 or > 1 ? ValidationResult.Error("--neighbour-smoothing must be between 0 and 1.")
            : NeighbourWeights is not (null or "mean" or "similarity") ? ValidationResult.Error($"--neighbour-weights '{NeighbourWeights}' is not one of mean, similarity.")
            : Neighbours is < 1 ? ValidationResult.Error("--neighbours must be at least 1.")
            : SweepGrid is not (null or "sentence" or "quality" or "stem-centroid" or "scoring" or "space") ? ValidationResult.Error($"--sweep-grid '{SweepGrid}' is not one of sentence, quality, stem-centroid, scoring, space.")
            : Normalization is not (null or "minmax" or "zscore" or "tmm") ? ValidationResult.Error($"--normalization '{Normalization}' is not one of minmax, zscore, tmm.")
            : ValidationResult.Success();

        public int EffectiveRerankDepth => RerankDepth ?? (Rerank == "cross-encoder" ? 100 : 20);
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(() => ExecuteCoreAsync(settings, cancellationToken));

    private static async Task<int> ExecuteCoreAsync(Settings settings, CancellationToken cancellationToken)
    {
        // Rerankers first: a missing model or provider fails before minutes of indexing.
        using var rerankers = EvalRerankers.Create(settings.Rerank, settings.CrossEncoder, settings.LlmModel, settings.Alpha, settings);
        var dataset = EvalPipelines.Load(settings.Dataset, settings.Format, settings.Split);
        if (settings.Queries is { } limit)
        {
            dataset = dataset with { Queries = [.. dataset.Queries.Take(limit)] };
        }

        var (mode, fusion) = EvalPipelines.Parse(settings.Pipeline);
        if (settings.DenseWeight is { } w)
        {
            fusion.DenseWeight = w;
            fusion.KeywordWeight = 1 - w;
        }

        fusion.KeywordWeight = settings.KeywordWeight ?? fusion.KeywordWeight;
        fusion.SentenceWeight = settings.SentenceWeight ?? fusion.SentenceWeight;
        fusion.SentenceKeywordWeight = settings.SentenceKeywordWeight ?? fusion.SentenceKeywordWeight;
        fusion.CentroidWeight = settings.CentroidWeight ?? fusion.CentroidWeight;
        fusion.SecondaryKeywordWeight = settings.SecondaryKeywordWeight ?? fusion.SecondaryKeywordWeight;
        fusion.CombMnz = settings.CombMnz || fusion.CombMnz;
        fusion.SentenceCandidateDepth = settings.SentenceDepth ?? fusion.SentenceCandidateDepth;
        fusion.FeedbackDepth = settings.FeedbackDepth ?? fusion.FeedbackDepth;
        fusion.FeedbackWeight = settings.FeedbackWeight ?? fusion.FeedbackWeight;
        fusion.ExactScores = settings.ExactScores ?? fusion.ExactScores;
        fusion.ProximityWeight = settings.ProximityListWeight ?? fusion.ProximityWeight;
        fusion.NeighbourSmoothing = settings.NeighbourSmoothing ?? fusion.NeighbourSmoothing;
        fusion.NeighbourCount = settings.Neighbours ?? fusion.NeighbourCount;
        fusion.NeighbourSimilarityWeights = settings.NeighbourWeights is { } neighbourWeights ? neighbourWeights == "similarity" : fusion.NeighbourSimilarityWeights;
        fusion.CandidateDepth = settings.Depth ?? fusion.CandidateDepth;
        fusion.RrfK = settings.RrfK ?? fusion.RrfK;

        // The names were checked by Settings.Validate.
        fusion.SentencePooling = settings.SentencePooling switch
        {
            null => fusion.SentencePooling,
            "top2" => SentencePooling.MeanOfTopTwo,
            "lse" => SentencePooling.LogSumExp,
            _ => SentencePooling.Max,
        };
        fusion.Normalization = settings.Normalization switch
        {
            null => fusion.Normalization,
            "minmax" => ScoreNormalization.MinMax,
            "zscore" => ScoreNormalization.ZScore,
            _ => ScoreNormalization.TheoreticalMinMax,
        };
        fusion.ListWeighting = settings.ListWeighting switch
        {
            null => fusion.ListWeighting,
            "topgap" => FusionListWeighting.TopGap,
            "topz" => FusionListWeighting.TopZScore,
            _ => FusionListWeighting.Fixed,
        };

        var bm25 = new LuceneBm25Options();
        bm25.K1 = settings.K1 ?? bm25.K1;
        bm25.B = settings.B ?? bm25.B;
        bm25.TitleBoost = settings.TitleBoost ?? bm25.TitleBoost;
        bm25.Stemmer = settings.Stemmer is { } stemmer && EvalPipelines.TryParseStemmer(stemmer, out var parsed) ? parsed : bm25.Stemmer;
        bm25.ProximityWeight = settings.ProximityWeight ?? bm25.ProximityWeight;
        bm25.Scoring = settings.KeywordModel is { } model ? EvalPipelines.ScoringNames[model] : bm25.Scoring;
        bm25.SecondaryScoring = settings.SecondaryKeywordModel is { } secondary ? EvalPipelines.ScoringNames[secondary] : bm25.SecondaryScoring;
        bm25.DirichletMu = settings.LmMu ?? bm25.DirichletMu;
        bm25.JelinekMercerLambda = settings.LmLambda ?? bm25.JelinekMercerLambda;
        bm25.FeedbackDocuments = settings.Rm3Docs ?? bm25.FeedbackDocuments;
        bm25.FeedbackTerms = settings.Rm3Terms ?? bm25.FeedbackTerms;
        bm25.FeedbackOriginalWeight = settings.Rm3Weight ?? bm25.FeedbackOriginalWeight;
        using var embedder = mode == RetrievalMode.Keyword ? null : EmbedderFactory.Create(settings.Cache, EmbeddingOptions(settings));
        if (settings.Sweep && embedder is not null)
        {
            if (settings.SweepGrid == "stem-centroid")
            {
                await EvalSweep.RunStemCentroidAsync(dataset, bm25, embedder, PassagesFor(settings, mode, embedder), settings.CaselessSentences, cancellationToken);
                return 0;
            }

            if (settings.SweepGrid == "scoring")
            {
                await EvalSweep.RunScoringAsync(dataset, bm25, embedder, PassagesFor(settings, mode, embedder), cancellationToken);
                return 0;
            }

            if (settings.SweepGrid == "space")
            {
                await EvalSweep.RunSpaceAsync(dataset, bm25, embedder, PassagesFor(settings, mode, embedder), cancellationToken);
                return 0;
            }

            if (settings.SweepGrid == "quality")
            {
                await EvalSweep.RunQualityAsync(dataset, bm25, embedder, PassagesFor(settings, mode, embedder), cancellationToken);
                return 0;
            }

            await EvalSweep.RunAsync(dataset, bm25, embedder, PassagesFor(settings, mode, embedder), cancellationToken);
            return 0;
        }

        var (report, vectors) = await RunAsync(settings, dataset, bm25, embedder, mode, fusion, rerankers.Reranker, cancellationToken);
        Print(settings, dataset, report, rerankers.Description, vectors);
        return 0;
    }

    private static MiniLmEmbeddingOptions EmbeddingOptions(Settings settings)
    {
        var options = new MiniLmEmbeddingOptions();
        options.Precision = settings.EmbeddingPrecision ?? options.Precision;
        options.Model = settings.EmbeddingModel ?? options.Model;
        return options;
    }

    private static async Task<(EvalReport Report, (long Chunks, long Sentences) Vectors)> RunAsync(
        Settings settings, EvalDataset dataset, LuceneBm25Options bm25, Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? embedder,
        RetrievalMode mode, FusionOptions fusion, IReranker? reranker, CancellationToken cancellationToken)
    {
        (long, long) vectors = default;
        async Task<EvalReport> Run(IProgress<int>? indexing, IProgress<int>? querying)
        {
            var centroids = mode == RetrievalMode.Hybrid && (fusion.CentroidWeight > 0 || settings.CentroidVectors);
            var sentenceVectors = mode == RetrievalMode.Hybrid && (fusion.SentenceWeight > 0 || fusion.SentenceKeywordWeight > 0 || centroids);
            using var index = await EvalIndex.BuildAsync(
                dataset, bm25, embedder, PassagesFor(settings, mode, embedder), sentenceVectors, settings.TitleSentence, settings.CaselessSentences, indexing, cancellationToken);
            vectors = (await index.Vectors.CountAsync(cancellationToken), await index.Sentences.CountAsync(cancellationToken));
            IVectorIndex dense = settings.CentroidVectors ? (await index.VectorsWithCentroidsAsync(cancellationToken)).Vectors : index.Vectors;
            var centroidIndex = fusion.CentroidWeight > 0 ? await index.CentroidsAsync(cancellationToken) : null;
            IVectorIndex sentences = index.Sentences;
            if (embedder is not null && EvalSweep.SpaceFit(settings.DenseSpace, settings.SpaceComponents) is { } fit)
            {
                var lists = settings.DenseSpaceLists ?? "all";
                dense = lists == "sentences" || dense is not EmbeddedVectorIndex embedded ? dense : await TransformedVectorIndex.CopyAsync(embedded, fit, cancellationToken);
                sentences = lists == "documents" || !sentenceVectors ? sentences : await TransformedVectorIndex.CopyAsync(index.Sentences, fit, cancellationToken);
            }

            using var none = new NoEmbeddings();
            IRetriever retriever = new HybridRetriever(
                index.Keyword, dense, sentenceVectors ? sentences : null, embedder ?? none, new HybridRetrieverOptions { Mode = mode, Fusion = fusion }, index.SentenceKeyword, centroidIndex);
            if (reranker is not null)
            {
                retriever = new RerankingRetriever(retriever, reranker, settings.EffectiveRerankDepth);
            }

            return await RetrievalEvaluator.EvaluateAsync(dataset, retriever, 100, querying, cancellationToken);
        }

        if (settings.Json)
        {
            return (await Run(null, null), vectors);
        }

        EvalReport? report = null;
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var indexTask = ctx.AddTask("indexing", maxValue: dataset.Documents.Count);
            var queryTask = ctx.AddTask("querying", maxValue: dataset.Queries.Count);
            report = await Run(new Progress<int>(n => indexTask.Value = n), new Progress<int>(n => queryTask.Value = n));
            indexTask.Value = indexTask.MaxValue;
            queryTask.Value = queryTask.MaxValue;
        });
        return (report!, vectors);
    }

    // The default hybrid pipeline scores long documents by their best passage, as the product's chunked index does.
    private static EvalPassages? PassagesFor(Settings settings, RetrievalMode mode, Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? embedder)
    {
        var size = settings.Passages ?? (mode == RetrievalMode.Hybrid ? 1000 : 0);
        if (size == 0 || embedder is null)
        {
            return null;
        }

        var withTitle = settings.PassageTitle ?? settings.Chunker == "recursive";
        return settings.Chunker switch
        {
            "fixed" => new EvalPassages(new FixedSizeChunker(size, size / 10)) { WithTitle = withTitle },
            "semantic" => new EvalPassages(new SemanticChunker(embedder, new SemanticChunkerOptions { Threshold = settings.Threshold ?? 0.7f, MaxChunkCharacters = size })) { WithTitle = withTitle },

            // Every sentence its own passage: the semantic chunker with a threshold no similarity reaches.
            "sentences" => new EvalPassages(new SemanticChunker(embedder, new SemanticChunkerOptions { Threshold = float.PositiveInfinity, MaxChunkCharacters = size })) { WithTitle = withTitle },
            _ => new EvalPassages(new RecursiveChunker(size)) { MinimumLength = size + 1, SkipFirst = true, WithTitle = withTitle },
        };
    }

    private static void Print(Settings settings, EvalDataset dataset, EvalReport report, string rerank, (long Chunks, long Sentences) vectors)
    {
        var m = report.Metrics;
        if (settings.Json)
        {
            var json = new Dictionary<string, object>
            {
                ["dataset"] = dataset.Name,
                ["pipeline"] = settings.Pipeline,
                ["rerank"] = rerank,
                ["ndcg@10"] = Math.Round(m.Ndcg10, 4),
                ["recall@10"] = Math.Round(m.Recall10, 4),
                ["recall@100"] = Math.Round(m.Recall100, 4),
                ["p@5"] = Math.Round(m.Precision5, 4),
                ["mrr@10"] = Math.Round(m.Mrr10, 4),
                ["latency_ms_p50"] = Math.Round(report.LatencyP50Ms, 2),
                ["latency_ms_p95"] = Math.Round(report.LatencyP95Ms, 2),
                ["queries"] = report.Queries,
                ["vectors"] = vectors.Chunks,
                ["sentence_vectors"] = vectors.Sentences,
            };
            if (rerank != "none")
            {
                json["rerank_depth"] = settings.EffectiveRerankDepth;
            }

            Console.WriteLine(JsonSerializer.Serialize(json));
            return;
        }

        var table = new Table().AddColumns("metric", "value");
        table.Title = new TableTitle($"{dataset.Name} - {settings.Pipeline}{(rerank == "none" ? string.Empty : " + " + rerank)} ({report.Queries} queries, {dataset.Documents.Count} docs)");
        void Row(string name, double value, string format = "F4") => table.AddRow(name, value.ToString(format, CultureInfo.InvariantCulture));
        Row("nDCG@10", m.Ndcg10);
        Row("Recall@10", m.Recall10);
        Row("Recall@100", m.Recall100);
        Row("P@5", m.Precision5);
        Row("MRR@10", m.Mrr10);
        Row("latency p50 (ms)", report.LatencyP50Ms, "F2");
        Row("latency p95 (ms)", report.LatencyP95Ms, "F2");
        AnsiConsole.Write(table);
    }
}

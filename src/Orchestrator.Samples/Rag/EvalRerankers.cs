using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Providers;
using Orchestrator.Rag.Reranking;
using Orchestrator.Retrieval;
using Orchestrator.Samples.Hosting;
using Spectre.Console;

namespace Orchestrator.Samples.Rag;

/// <summary>
/// Builds the reranker the eval command's <c>--rerank</c> names, failing before any indexing when a part is missing:
/// the cross-encoder needs a model path, the LLM reranker needs a provider enabled in the host's configuration.
/// </summary>
internal sealed class EvalRerankers : IDisposable
{
    public const string CrossEncoderVariable = "ORCH_TEST_CROSS_ENCODER";

    private readonly List<IDisposable> _owned = [];

    private EvalRerankers()
    {
    }

    public IReranker? Reranker { get; private set; }

    /// <summary>Gets what was built, for the report (e.g. <c>ensemble(cross-encoder+llm, alpha 0.5)</c>).</summary>
    public string Description { get; private set; } = "none";

    public static EvalRerankers Create(string name, string? crossEncoderPath, string? llmModel, double alpha, HostSettings host)
    {
        var result = new EvalRerankers();
        try
        {
            switch (name)
            {
                case "none":
                    break;
                case "cross-encoder":
                    result.Reranker = result.CrossEncoder(crossEncoderPath ?? Environment.GetEnvironmentVariable(CrossEncoderVariable), required: true);
                    result.Description = "cross-encoder";
                    break;
                case "llm":
                    result.Reranker = result.Llm(llmModel, host, required: true);
                    result.Description = "llm";
                    break;
                case "ensemble":
                    var parts = new List<(string Name, IReranker Reranker)>();
                    if (result.CrossEncoder(crossEncoderPath ?? Environment.GetEnvironmentVariable(CrossEncoderVariable), required: false) is { } crossEncoder)
                    {
                        parts.Add(("cross-encoder", crossEncoder));
                    }

                    if (result.Llm(llmModel, host, required: false) is { } llm)
                    {
                        parts.Add(("llm", llm));
                    }

                    if (parts.Count == 0)
                    {
                        throw new OrchestratorConfigurationException(
                            "--rerank",
                            $"ensemble needs a cross-encoder (--cross-encoder PATH or {CrossEncoderVariable}) or a chat provider enabled in the configuration, or both; neither is configured.");
                    }

                    result.Reranker = new EnsembleReranker(alpha, [.. parts.Select(p => p.Reranker)]);
                    result.Description = FormattableString.Invariant($"ensemble({string.Join('+', parts.Select(p => p.Name))}, alpha {alpha})");
                    break;
                default:
                    throw new OrchestratorConfigurationException("--rerank", $"'{name}' is not one of none, cross-encoder, llm, ensemble.");
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    private CrossEncoderReranker? CrossEncoder(string? path, bool required)
    {
        if (string.IsNullOrEmpty(path))
        {
            return required
                ? throw new OrchestratorConfigurationException(
                    "--cross-encoder",
                    $"--rerank cross-encoder needs an ONNX cross-encoder: pass --cross-encoder PATH or set {CrossEncoderVariable} (vocab.txt must sit beside the model; none ships with Orchestrator).")
                : null;
        }

        var vocabulary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "vocab.txt");
        if (!File.Exists(path) || !File.Exists(vocabulary))
        {
            throw new OrchestratorConfigurationException("--cross-encoder", $"'{path}' or the vocab.txt beside it does not exist.");
        }

        var reranker = new CrossEncoderReranker(path);
        _owned.Add(reranker);
        return reranker;
    }

    private LlmReranker? Llm(string? model, HostSettings host, bool required)
    {
        var services = OrchestratorHost.Build(host);
        _owned.Add(services);
        var registry = services.GetRequiredService<ProviderRegistry>();
        if (!registry.Providers.Any(p => p.Enabled && (!registry.PrivacyMode || p.Local)))
        {
            if (!required)
            {
                return null;
            }

            AnsiConsole.MarkupLine("[red]--rerank llm needs a chat model[/], and none is configured (this host is offline).");
            CapabilityReport.Describe(registry);
            throw new OrchestratorConfigurationException("--rerank", "llm: no chat provider is enabled in appsettings.json, --config or the environment.");
        }

        var client = model is null
            ? services.GetRequiredKeyedService<IChatClient>(OrchestratorServiceCollectionExtensions.RouterServiceId)
            : registry.GetChatClient(model);
        return new LlmReranker(client);
    }
}

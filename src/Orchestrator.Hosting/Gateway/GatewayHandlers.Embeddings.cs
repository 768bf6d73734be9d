using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.Hosting.Gateway.Keys;
using Orchestrator.Hosting.Gateway.Wire;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Hosting.Gateway;

/// <summary><c>POST /v1/embeddings</c> over the host's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (MiniLM in the sample host).</summary>
internal sealed partial class GatewayHandlers
{
    private const int MaxEmbeddingInputs = 2048;

    public async Task EmbeddingsAsync(HttpContext context)
    {
        var key = await AuthenticateAsync(context).ConfigureAwait(false);
        if (key is null)
        {
            return;
        }

        var request = await ReadBodyAsync(context, GatewayJsonContext.Default.EmbeddingsRequest).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }

        if (_embedder is null)
        {
            await new GatewayError(503, "This gateway has no embedding model configured (register an IEmbeddingGenerator<string, Embedding<float>>).", "server_error", "no_embedding_model")
                .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var error = TryReadInputs(request, out var inputs);
        if (error is not null)
        {
            await error.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        long tokens = 0;
        foreach (var input in inputs)
        {
            tokens += _estimator.CountTokens(input);
        }

        var isPrivate = key.Private || IsPrivateHeader(context);
        if (isPrivate && !_embedding.Local)
        {
            await new GatewayError(503, "The request is private and the embedding model is not local; it was not sent. Use a local embedding model or lift the privacy flag.", "server_error", "no_provider_available")
                .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // Metered like a chat call: the budget gate holds the cost before the model runs (402 when a pool has no
        // room), settles it after, and the call is an llm_invocations row of the key's user.
        var model = new ModelDescriptor
        {
            Provider = _embedding.Provider,
            Id = _embedding.Model is { Length: > 0 } configured ? configured : _embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? request.Model ?? "embedding",
            Tier = _embedding.Tier,
            Local = _embedding.Local,
            InputPricePerMillion = _embedding.InputPricePerMillion,
        };
        var cost = CostCalculator.Compute(model, tokens, 0, 0);
        BudgetHold? hold = null;
        if (_budgets is not null)
        {
            try
            {
                hold = await _budgets.ReserveAsync(new BudgetSubject(key.UserId, key.TeamId, model.Tier), cost, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (GatewayError.FromException(ex) is { } mapped)
            {
                LogRefused(_logger, mapped.Status, mapped.Code, mapped.Message);
                await mapped.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await _embedder.GenerateAsync(inputs, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (hold is not null)
            {
                await _budgets!.SettleAsync(hold, 0m, CancellationToken.None).ConfigureAwait(false);
            }

            var cancelled = ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested;
            await RecordEmbeddingsAsync(model, key, isPrivate, tokens, 0m, startedAt, started, cancelled ? InvocationStatus.Cancelled : InvocationStatus.Failed, ex.Message).ConfigureAwait(false);
            throw;
        }

        if (hold is not null)
        {
            await _budgets!.SettleAsync(hold, cost, CancellationToken.None).ConfigureAwait(false);
        }

        await RecordEmbeddingsAsync(model, key, isPrivate, tokens, cost, startedAt, started, InvocationStatus.Succeeded, null).ConfigureAwait(false);
        var base64 = string.Equals(request.EncodingFormat, "base64", StringComparison.OrdinalIgnoreCase);
        var response = new EmbeddingsResponse { Model = model.Id };
        for (var i = 0; i < embeddings.Count; i++)
        {
            var vector = embeddings[i].Vector;
            response.Data.Add(new WireEmbedding
            {
                Index = i,
                Embedding = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.Span)) : vector.ToArray(),
            });
        }

        response.Usage = new WireEmbeddingUsage { PromptTokens = tokens, TotalTokens = tokens };
        await WriteJsonAsync(context, response, GatewayJsonContext.Default.EmbeddingsResponse).ConfigureAwait(false);
    }

    private ValueTask RecordEmbeddingsAsync(ModelDescriptor model, GatewayKey key, bool isPrivate, long tokens, decimal cost, DateTimeOffset startedAt, long started, InvocationStatus status, string? error) =>
        _recorder.RecordAsync(
            new InvocationRecord
            {
                RequestId = Guid.CreateVersion7().ToString("N"),
                TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString(),
                StartedAt = startedAt,
                Provider = model.Provider,
                Model = model.Id,
                Tier = model.Tier,
                Local = model.Local,
                Operation = InvocationRecord.EmbeddingsOperation,

                // Counted with the gateway's tokenizer, not the embedding model's own.
                Usage = new InvocationUsage(tokens, 0, 0, true, cost),
                Latency = _time.GetElapsedTime(started),
                Status = status,
                UserId = key.UserId,
                PrivacyMode = isPrivate,
                ErrorMessage = error,
            },
            null);

    private static GatewayError? TryReadInputs(EmbeddingsRequest request, out List<string> inputs)
    {
        inputs = [];
        if (request.EncodingFormat is not (null or "float" or "base64"))
        {
            return GatewayError.BadRequest("'encoding_format' must be float or base64.", "encoding_format");
        }

        if (request.Dimensions is not null)
        {
            return GatewayError.BadRequest("'dimensions' is not supported: the embedding model has a fixed size.", "dimensions");
        }

        switch (request.Input.ValueKind)
        {
            case JsonValueKind.String:
                inputs.Add(request.Input.GetString()!);
                break;
            case JsonValueKind.Array when request.Input.GetArrayLength() is > 0 and <= MaxEmbeddingInputs:
                foreach (var item in request.Input.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return GatewayError.BadRequest("'input' must be a string or an array of strings; token arrays are not supported.", "input");
                    }

                    inputs.Add(item.GetString()!);
                }

                break;
            default:
                return GatewayError.BadRequest($"'input' must be a string or an array of 1 to {MaxEmbeddingInputs} strings.", "input", "missing_required_parameter");
        }

        return inputs.Any(string.IsNullOrEmpty) ? GatewayError.BadRequest("'input' must not contain empty strings.", "input") : null;
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Orchestrator.Hosting.Gateway.Wire;

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

        var embeddings = await _embedder.GenerateAsync(inputs, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var base64 = string.Equals(request.EncodingFormat, "base64", StringComparison.OrdinalIgnoreCase);
        var response = new EmbeddingsResponse { Model = _embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? request.Model ?? "embedding" };
        for (var i = 0; i < embeddings.Count; i++)
        {
            var vector = embeddings[i].Vector;
            response.Data.Add(new WireEmbedding
            {
                Index = i,
                Embedding = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.Span)) : vector.ToArray(),
            });
        }

        long tokens = 0;
        foreach (var input in inputs)
        {
            tokens += _estimator.CountTokens(input);
        }

        response.Usage = new WireEmbeddingUsage { PromptTokens = tokens, TotalTokens = tokens };
        await WriteJsonAsync(context, response, GatewayJsonContext.Default.EmbeddingsResponse).ConfigureAwait(false);
    }

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

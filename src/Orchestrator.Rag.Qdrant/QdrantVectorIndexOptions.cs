namespace Orchestrator.Rag.Qdrant;

/// <summary>Where <see cref="QdrantVectorIndex"/> keeps vectors; bound from <c>Orchestrator:Rag:Qdrant</c>.</summary>
public sealed class QdrantVectorIndexOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Orchestrator:Rag:Qdrant";

    /// <summary>Gets or sets Qdrant's gRPC endpoint, e.g. <c>http://localhost:6334</c> (the REST port 6333 will not answer gRPC).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets the collection name (created with cosine distance when missing).</summary>
    public string Collection { get; set; } = "orchestrator";

    /// <summary>
    /// Gets or sets the collection for the index's sentence vectors (<c>RagIndexOptions.SentenceVectors</c>, about five
    /// per passage), or null for <see cref="Collection"/> followed by <c>-sentences</c>.
    /// </summary>
    public string? SentenceCollection { get; set; }

    /// <summary>Gets the sentence collection's name: <see cref="SentenceCollection"/>, or <see cref="Collection"/> followed by <c>-sentences</c>.</summary>
    public string SentenceCollectionName => string.IsNullOrWhiteSpace(SentenceCollection) ? Collection + "-sentences" : SentenceCollection;

    /// <summary>Gets or sets the API key, or null for a server without one. Prefer the environment (<c>Orchestrator__Rag__Qdrant__ApiKey</c>) to a file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Returns <see cref="Endpoint"/> as an absolute http(s) URI.</summary>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException">It is missing or not an absolute http(s) URI.</exception>
    public Uri ParseEndpoint()
    {
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            throw new ArgumentException($"{SectionName}:Endpoint is not set: give Qdrant's gRPC endpoint, e.g. http://localhost:6334.", nameof(Endpoint));
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{SectionName}:Endpoint '{Endpoint}' is not an absolute http(s) URI such as http://localhost:6334.", nameof(Endpoint));
        }

        return uri;
    }

    /// <summary>Returns a copy of these options whose <see cref="Collection"/> is the sentence collection.</summary>
    /// <returns>The options for the sentence store.</returns>
    public QdrantVectorIndexOptions ForSentences() => new() { Endpoint = Endpoint, Collection = SentenceCollectionName, ApiKey = ApiKey };
}

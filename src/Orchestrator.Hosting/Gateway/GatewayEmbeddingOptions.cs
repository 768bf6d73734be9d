namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// How the gateway meters <c>POST /v1/embeddings</c> (bound from <c>Orchestrator:Gateway:Embeddings</c>): the price and
/// tier the budget gate charges, and the provider name, locality and model the LLMOps log records.
/// </summary>
public sealed class GatewayEmbeddingOptions
{
    /// <summary>Gets or sets the provider name logged for embedding calls.</summary>
    public string Provider { get; set; } = "local";

    /// <summary>Gets or sets the model id logged; empty takes the generator's own model id.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the price in USD per million input tokens (0: the default local model is free).</summary>
    public decimal InputPricePerMillion { get; set; }

    /// <summary>Gets or sets the tier whose budget pool embedding calls count against.</summary>
    public int Tier { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the embedding model runs locally. A private request (a private key or
    /// the privacy header) is refused when it does not.
    /// </summary>
    public bool Local { get; set; } = true;
}

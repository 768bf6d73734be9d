namespace Orchestrator.Testing.Wire;

/// <summary>The wire protocol a request to the <see cref="WireServer"/> was recognised as.</summary>
public enum WireProtocol
{
    /// <summary>OpenAI chat completions and model listing (<c>/v1/chat/completions</c>, <c>/v1/models</c>).</summary>
    OpenAI,

    /// <summary>Anthropic messages and model listing (<c>/v1/messages</c>, <c>/v1/models</c> with an <c>anthropic-version</c> header).</summary>
    Anthropic,

    /// <summary>Ollama's native API (<c>/api/chat</c>, <c>/api/tags</c>, <c>/api/version</c>, <c>/</c>).</summary>
    Ollama,

    /// <summary>A path none of the protocols serve; the server answers 404.</summary>
    Unknown,
}

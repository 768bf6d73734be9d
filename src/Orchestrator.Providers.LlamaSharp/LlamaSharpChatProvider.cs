using LLama.Exceptions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>A provider that runs one GGUF model in-process. Its weights are loaded once and shared by its clients.</summary>
internal sealed class LlamaSharpChatProvider : IChatProvider
{
    private readonly LlamaModelHost _host;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;

    public LlamaSharpChatProvider(ProviderDescriptor descriptor, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Descriptor = descriptor;
        _loggerFactory = loggerFactory;
        _time = time;
        _host = new LlamaModelHost(LlamaSharpSettings.Read(descriptor), loggerFactory, time);
    }

    public ProviderDescriptor Descriptor { get; }

    /// <summary>Gets the host that owns the model (tests use it to reach the model's tokenizer).</summary>
    internal LlamaModelHost Host => _host;

    public IChatClient CreateChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (Descriptor.FindModel(modelId) is null)
        {
            throw new ArgumentException(
                $"Provider '{Descriptor.Name}' does not serve model '{modelId}'. Its model: {string.Join(", ", Descriptor.Models.Select(m => m.Id))}.", nameof(modelId));
        }

        return new LlamaSharpChatClient(_host, Descriptor.Name, modelId, _loggerFactory.CreateLogger<LlamaSharpChatClient>(), _time);
    }

    public async Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var path = _host.Settings.ModelPath;
        if (GgufFile.Check(path, $"Settings:{LlamaSharpSettings.ModelPathKey}") is { } problem)
        {
            return Health(false, problem, started);
        }

        try
        {
            var weights = await _host.GetWeightsAsync(cancellationToken).ConfigureAwait(false);
            return Health(true, $"model '{Path.GetFileName(path)}' loaded ({weights.ParameterCount} parameters, context {_host.Settings.ContextSize} tokens)", started);
        }
        catch (LoadWeightsFailedException ex)
        {
            return Health(false, $"llama.cpp could not load '{path}' ({ex.Message}); check that the GGUF file is complete and of an architecture this LLamaSharp version supports.", started);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or RuntimeError)
        {
            return Health(false, $"the llama.cpp native library failed to load ({ex.GetType().Name}: {ex.Message}); install a LLamaSharp.Backend.* package that matches this machine.", started);
        }
    }

    public void Dispose() => _host.Dispose();

    private ProviderHealth Health(bool healthy, string detail, long started) =>
        new(healthy, detail, _time.GetElapsedTime(started), _time.GetUtcNow());
}

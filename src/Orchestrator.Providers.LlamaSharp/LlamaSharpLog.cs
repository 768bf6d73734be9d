using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>The provider's log messages, source-generated.</summary>
internal static partial class LlamaSharpLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Loaded GGUF model {ModelPath}: {Parameters} parameters, trained context {TrainedContext} tokens, in {ElapsedMs} ms")]
    public static partial void ModelLoaded(ILogger logger, string modelPath, ulong parameters, int trainedContext, double elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Model {Model} has no usable chat template ({Reason}); using the plain fallback template")]
    public static partial void FallbackTemplate(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Model {Model} was offered {ToolCount} tools, but the LLamaSharp provider does not support tool calling; the tools are ignored")]
    public static partial void ToolsIgnored(ILogger logger, string model, int toolCount);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Generated with {Model}: {InputTokens} prompt tokens, {OutputTokens} output tokens, finish {FinishReason}, {ElapsedMs} ms")]
    public static partial void Generated(ILogger logger, string model, int inputTokens, int outputTokens, string finishReason, double elapsedMs);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Trace, Message = "llama.cpp {NativeLevel}: {NativeMessage}")]
    public static partial void Native(ILogger logger, LLamaLogLevel nativeLevel, string nativeMessage);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "A generation on {ModelPath} was still running {WaitSeconds} s after the provider was disposed; its weights are left loaded rather than freed under it")]
    public static partial void WeightsKeptAtDispose(ILogger logger, string modelPath, double waitSeconds);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "llama.cpp error: {NativeMessage}")]
    public static partial void NativeError(ILogger logger, string nativeMessage);
}

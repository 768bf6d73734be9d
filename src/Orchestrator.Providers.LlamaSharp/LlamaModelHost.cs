using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>
/// Owns one GGUF model for a provider: the weights are loaded once, on first use, and shared by every request.
/// Contexts are not thread-safe, so requests take turns: one at a time, each on the same <see cref="LLamaContext"/>
/// with its memory cleared. One generation already keeps every configured CPU thread busy, and reusing the context
/// spares each request allocating a KV cache of <see cref="LlamaSharpSettings.ContextSize"/> tokens.
/// </summary>
internal sealed class LlamaModelHost : IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);
    private static int s_nativeLogInstalled;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _generationGate = new(1, 1);
    private Task<LLamaWeights>? _loading;
    private LLamaContext? _context;
    private volatile bool _disposed;

    public LlamaModelHost(LlamaSharpSettings settings, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Settings = settings;
        _logger = loggerFactory.CreateLogger<LlamaModelHost>();
        _time = time;
        Parameters = new ModelParams(settings.ModelPath)
        {
            ContextSize = (uint)settings.ContextSize,
            GpuLayerCount = settings.GpuLayerCount,
            Threads = settings.Threads,
            BatchThreads = settings.Threads,
        };
        InstallNativeLog(loggerFactory);
    }

    /// <summary>Gets the provider's settings.</summary>
    public LlamaSharpSettings Settings { get; }

    /// <summary>Gets the model and context parameters every request uses.</summary>
    public ModelParams Parameters { get; }

    /// <summary>Gets the weights, loading them on the first call (again after a failed load).</summary>
    /// <param name="cancellationToken">
    /// Cancels this caller's wait only: the load goes on for the next caller, so a health probe's short time limit
    /// never aborts the load of a large model.
    /// </param>
    /// <returns>The shared weights; owned by this host.</returns>
    public Task<LLamaWeights> GetWeightsAsync(CancellationToken cancellationToken = default)
    {
        Task<LLamaWeights> loading;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
            {
                _loading = Task.Run(LoadAsync);
            }

            loading = _loading;
        }

        return loading.WaitAsync(cancellationToken);
    }

    /// <summary>Waits for the turn to generate; dispose the turn to let the next request run.</summary>
    /// <param name="weights">The loaded weights, from <see cref="GetWeightsAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The turn, holding the context to generate with, its memory empty.</returns>
    public async Task<GenerationTurn> EnterGenerationAsync(LLamaWeights weights, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _generationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _context ??= weights.CreateContext(Parameters);
            _context.NativeHandle.MemoryClear(data: false);
            return new GenerationTurn(_generationGate, _context);
        }
        catch
        {
            _generationGate.Release();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // Freeing the weights under a running generation would crash in native code. A generation that does not end
        // in time (a stream its caller never finishes) keeps them: a leak at shutdown beats a crash.
        if (!_generationGate.Wait(DisposeWait))
        {
            LlamaSharpLog.WeightsKeptAtDispose(_logger, Settings.ModelPath, DisposeWait.TotalSeconds);
            return;
        }

        _context?.Dispose();
        _context = null;

        // A load still running frees its weights when it ends; a finished one frees them now.
        _ = _loading?.ContinueWith(
            static loaded => loaded.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _generationGate.Dispose();
    }

    private async Task<LLamaWeights> LoadAsync()
    {
        var started = _time.GetTimestamp();
        var weights = await LLamaWeights.LoadFromFileAsync(Parameters, CancellationToken.None).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        LlamaSharpLog.ModelLoaded(_logger, Settings.ModelPath, weights.ParameterCount, weights.ContextSize, elapsed.TotalMilliseconds);
        return weights;
    }

    private static void InstallNativeLog(ILoggerFactory loggerFactory)
    {
        // llama.cpp logs through one process-wide callback, and writes to stderr until one is set.
        // The first provider routes it to ILogger; later ones keep that route rather than fight over it.
        if (Interlocked.Exchange(ref s_nativeLogInstalled, 1) == 0)
        {
            var native = loggerFactory.CreateLogger("LLama.Native");
            NativeLogConfig.llama_log_set((level, message) =>
            {
                try
                {
                    if (level == LLamaLogLevel.Error)
                    {
                        LlamaSharpLog.NativeError(native, message);
                    }
                    else if (native.IsEnabled(LogLevel.Trace))
                    {
                        var line = message.TrimEnd();
                        LlamaSharpLog.Native(native, level, line);
                    }
                }
                catch (Exception)
                {
                    // This runs inside a native callback: an exception must not unwind into llama.cpp
                    // (e.g. a logger whose factory was disposed). Losing a log line is the lesser harm.
                }
            });
        }
    }

    /// <summary>One request's exclusive use of the context.</summary>
    internal sealed class GenerationTurn(SemaphoreSlim gate, LLamaContext context) : IDisposable
    {
        private int _released;

        /// <summary>Gets the context, free for this request until the turn is disposed.</summary>
        public LLamaContext Context { get; } = context;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

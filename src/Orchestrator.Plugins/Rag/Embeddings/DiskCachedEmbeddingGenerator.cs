using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Embeddings;

/// <summary>
/// Caches embeddings on disk keyed by the SHA-256 of the text, in one append-only file per model, so re-indexing or
/// re-evaluating unchanged text never runs the model again. Inputs marked as search queries
/// (<see cref="EmbeddingInputType"/>) are cached under keys of their own, since an asymmetric model embeds a query
/// differently from the same text as a passage.
/// </summary>
public sealed class DiskCachedEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    // Hashed before a query's text, so a query never shares a key with the same text embedded as a passage.
    private const string QueryKeyPrefix = "\0query\0";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private readonly string _path;
    private int _dimensions;

    /// <summary>Initializes a new instance of the <see cref="DiskCachedEmbeddingGenerator"/> class.</summary>
    /// <param name="innerGenerator">The generator that computes missing embeddings.</param>
    /// <param name="directory">The cache folder.</param>
    /// <param name="modelKey">A key naming the model (and anything that changes its output, such as the token limit).</param>
    public DiskCachedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string directory, string modelKey)
        : base(innerGenerator)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, string.Concat(modelKey.Split(Path.GetInvalidFileNameChars())) + ".embcache");
        Load();
    }

    /// <summary>Gets the number of cached embeddings.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _cache.Count;
            }
        }
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var queries = EmbeddingInputType.IsQuery(options);
        var keys = texts.Select(t => Key(queries ? QueryKeyPrefix + t : t)).ToArray();
        var found = new float[texts.Count][];
        var missing = new List<int>();
        lock (_gate)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                if (!_cache.TryGetValue(keys[i], out found[i]!))
                {
                    missing.Add(i);
                }
            }
        }

        if (missing.Count > 0)
        {
            var computed = await base.GenerateAsync([.. missing.Select(i => texts[i])], options, cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < missing.Count; j++)
            {
                found[missing[j]] = computed[j].Vector.ToArray();
            }

            Append(missing.Select(i => (keys[i], found[i])));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        result.AddRange(found.Select(v => new Embedding<float>(v)));
        return result;
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        using var reader = new BinaryReader(Open(FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var length = reader.BaseStream.Length;
        while (reader.BaseStream.Position < length)
        {
            // A torn final record (an interrupted run, or another process appending right now) is ignored and recomputed.
            if (length - reader.BaseStream.Position < 70)
            {
                break;
            }

            var key = reader.ReadString();
            var dims = reader.ReadInt32();
            if (key.Length != 64 || dims <= 0 || reader.BaseStream.Position + (dims * sizeof(float)) > length)
            {
                break;
            }

            var vector = new float[dims];
            for (var d = 0; d < dims; d++)
            {
                vector[d] = reader.ReadSingle();
            }

            _dimensions = dims;
            _cache[key] = vector;
        }
    }

    // Another process holds the file only for one write, but on a loaded machine it can be descheduled while it does:
    // wait up to 30 seconds before giving up.
    private FileStream Open(FileMode mode, FileAccess access, FileShare share)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (true)
        {
            try
            {
                return new FileStream(_path, mode, access, share);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    private void Append(IEnumerable<(string Key, float[] Vector)> entries)
    {
        lock (_gate)
        {
            // One buffer, one write, under an exclusive lock: several processes (parallel eval runs) may share the file,
            // and buffered writes from two appenders would otherwise interleave inside records.
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                foreach (var (key, vector) in entries)
                {
                    if (_dimensions != 0 && vector.Length != _dimensions)
                    {
                        throw new InvalidOperationException($"The embedding cache '{_path}' holds {_dimensions}-dimensional vectors but the model returned {vector.Length}; use a different model key.");
                    }

                    _dimensions = vector.Length;
                    _cache[key] = vector;
                    writer.Write(key);
                    writer.Write(vector.Length);
                    foreach (var value in vector)
                    {
                        writer.Write(value);
                    }
                }
            }

            using var file = Open(FileMode.Append, FileAccess.Write, FileShare.None);
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }
}

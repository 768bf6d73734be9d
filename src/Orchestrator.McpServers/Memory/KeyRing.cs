using System.Security.Cryptography;
using Orchestrator.McpServers.Filesystem;

namespace Orchestrator.McpServers.Memory;

/// <summary>
/// The AES-256 keys: the first is used to write, all are accepted to read (that is how rotation works:
/// put the new key first, keep the old one on the second line, run a rotation, then drop the old key).
/// Keys must not live inside the store directory: a copy of the store must not carry its own key.
/// </summary>
internal sealed class KeyRing
{
    private readonly Dictionary<string, byte[]> _byId = new(StringComparer.Ordinal);

    public KeyRing(IEnumerable<byte[]> keys)
    {
        foreach (var key in keys)
        {
            if (key.Length != 32)
            {
                throw new ArgumentException("Each memory key must be exactly 32 bytes (base64 of 32 random bytes).", nameof(keys));
            }

            var id = IdOf(key);
            Current ??= (id, key);
            _byId.TryAdd(id, key);
        }

        if (Current is null)
        {
            throw new ArgumentException("No memory key was supplied.", nameof(keys));
        }
    }

    public (string Id, byte[] Key)? Current { get; }

    public IEnumerable<(string Id, byte[] Key)> All => _byId.Select(kv => (kv.Key, kv.Value));

    public byte[]? Find(string id) => _byId.GetValueOrDefault(id);

    public static KeyRing Load(MemorySettings settings)
    {
        string text;
        if (!string.IsNullOrWhiteSpace(settings.KeyFile))
        {
            var keyFile = PathGuard.RealPathOf(Path.GetFullPath(settings.KeyFile));
            var store = PathGuard.RealPathOf(Path.GetFullPath(settings.Store ?? "."));
            if (PathGuard.IsWithin(keyFile, store))
            {
                throw new ArgumentException("The key file must not be inside the store directory.", nameof(settings));
            }

            text = File.ReadAllText(keyFile);
        }
        else
        {
            text = Environment.GetEnvironmentVariable(settings.KeyEnvironmentVariable)
                ?? throw new ArgumentException($"Give --key-file or set {settings.KeyEnvironmentVariable}.", nameof(settings));
        }

        var keys = text.Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => Convert.FromBase64String(l));
        return new KeyRing(keys);
    }

    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    public static string NewKeyBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

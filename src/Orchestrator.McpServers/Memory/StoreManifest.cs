using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.McpServers.Memory;

/// <summary>
/// The signed head of a store: which record files exist, at which version and with which content digest, under a
/// counter that only ever grows. Content tampering is caught by AES-GCM per record; this catches what per-record
/// authentication cannot: a record deleted, an older (validly encrypted) version restored, two files swapped, or the
/// whole store rolled back to an earlier snapshot (with the counter kept outside the store).
/// </summary>
internal sealed class StoreManifest
{
    public const string FileName = "manifest.json";

    public int V { get; set; } = 1;

    /// <summary>Gets or sets a random id chosen when the store was created, so a counter file cannot be applied to another store.</summary>
    public string StoreId { get; set; } = string.Empty;

    /// <summary>Gets or sets the number of committed changes; every change increments it.</summary>
    public long Counter { get; set; }

    /// <summary>Gets or sets the id of the key whose derived MAC key signed this manifest.</summary>
    public string KeyId { get; set; } = string.Empty;

    /// <summary>Gets or sets the live records by file id.</summary>
    public Dictionary<string, ManifestEntry> Entries { get; set; } = new(StringComparer.Ordinal);

    public string Mac { get; set; } = string.Empty;

    public static StoreManifest CreateNew() => new() { StoreId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) };

    public static string DigestOf(byte[] fileBytes) => Convert.ToBase64String(SHA256.HashData(fileBytes));

    public void Sign(string keyId, byte[] key)
    {
        KeyId = keyId;
        Mac = Convert.ToBase64String(ComputeMac(key));
    }

    public bool HasValidMac(byte[] key)
    {
        byte[] stored;
        try
        {
            stored = Convert.FromBase64String(Mac);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(stored, ComputeMac(key));
    }

    private byte[] ComputeMac(byte[] key)
    {
        // A key of its own (HKDF) so the MAC never shares a key with AES-GCM or the file-name HMAC.
        var macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes("orchestrator-memory-manifest"));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"orchestrator-memory-manifest|v{V}|{StoreId}|{Counter}|{KeyId}\n");
        foreach (var (id, entry) in Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{id}|{entry.Version}|{entry.Digest}|{entry.ExpiresAtMs}\n");
        }

        return HMACSHA256.HashData(macKey, Encoding.UTF8.GetBytes(text.ToString()));
    }
}

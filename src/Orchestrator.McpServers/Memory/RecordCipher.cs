using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orchestrator.McpServers.Memory;

/// <summary>AES-256-GCM over one record, with the envelope's plaintext fields as associated data.</summary>
internal static class RecordCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string FileIdOf(byte[] key, string recordKey)
    {
        var indexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes("orchestrator-memory-index"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(indexKey, Encoding.UTF8.GetBytes(recordKey)))[..32];
    }

    public static RecordEnvelope Seal(MemoryRecord record, string keyId, byte[] key)
    {
        var envelope = new RecordEnvelope
        {
            Id = FileIdOf(key, record.Key),
            KeyId = keyId,
            Type = record.Type,
            CreatedAtMs = record.CreatedAt.ToUnixTimeMilliseconds(),
            ExpiresAtMs = record.ExpiresAt.ToUnixTimeMilliseconds(),
        };
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(record);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, cipher, tag, envelope.AssociatedData());
        }

        CryptographicOperations.ZeroMemory(plaintext);
        envelope.Nonce = Convert.ToBase64String(nonce);
        envelope.Tag = Convert.ToBase64String(tag);
        envelope.Data = Convert.ToBase64String(cipher);
        return envelope;
    }

    public static MemoryRecord Open(RecordEnvelope envelope, KeyRing keys, string fileId)
    {
        var key = keys.Find(envelope.KeyId)
            ?? throw new MemoryIntegrityException($"Record {fileId} is encrypted with a key this server does not hold (key id {envelope.KeyId}); add that key as a secondary key to read or rotate it.");
        if (!string.Equals(envelope.Id, fileId, StringComparison.Ordinal))
        {
            throw new MemoryIntegrityException($"Record {fileId} failed its integrity check: its content belongs to another record (file swapped or renamed).");
        }

        try
        {
            var cipher = Convert.FromBase64String(envelope.Data);
            var plaintext = new byte[cipher.Length];
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(Convert.FromBase64String(envelope.Nonce), cipher, Convert.FromBase64String(envelope.Tag), plaintext, envelope.AssociatedData());
            var record = JsonSerializer.Deserialize<MemoryRecord>(plaintext)
                ?? throw new MemoryIntegrityException($"Record {fileId} failed its integrity check: empty content.");
            if (!string.Equals(FileIdOf(key, record.Key), fileId, StringComparison.Ordinal))
            {
                throw new MemoryIntegrityException($"Record {fileId} failed its integrity check: its key does not match its file.");
            }

            return record;
        }
        catch (Exception ex) when (ex is AuthenticationTagMismatchException or CryptographicException or FormatException or JsonException or ArgumentException)
        {
            throw new MemoryIntegrityException($"Record {fileId} failed its integrity check: it was modified or corrupted on disk.", ex);
        }
    }
}

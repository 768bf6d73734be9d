using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>
/// Key secrets: 32 random bytes (256 bits) in base64url behind the <c>sk-orch-</c> prefix. Only their SHA-256 is
/// stored: with that much entropy a fast hash is enough (no dictionary to attack), and it keeps lookups cheap.
/// </summary>
internal static class GatewayKeySecret
{
    public const string Prefix = "sk-orch-";

    public static string Create()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Prefix + Base64Url.EncodeToString(random);
    }

    public static string Hash(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(secret.Length) > utf8.Length)
        {
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret.ToArray())));
        }

        var length = Encoding.UTF8.GetBytes(secret, utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..length], hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>What an operator sees of a secret: enough to tell keys apart, far too little to use one.</summary>
    public static string Display(string secret) => secret[..Math.Min(secret.Length, Prefix.Length + 4)] + "...";
}

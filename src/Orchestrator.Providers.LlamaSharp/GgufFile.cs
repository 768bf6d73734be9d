namespace Orchestrator.Providers.LlamaSharp;

/// <summary>Checks, without loading it, that a path names a readable GGUF file (it starts with the magic bytes <c>GGUF</c>).</summary>
internal static class GgufFile
{
    private static ReadOnlySpan<byte> Magic => "GGUF"u8;

    /// <summary>Checks the file at <paramref name="path"/>.</summary>
    /// <param name="path">The full path of the model file.</param>
    /// <param name="setting">The setting that holds the path, named in the problem.</param>
    /// <returns>The problem, naming the setting and the fix; <see langword="null"/> when the file is a readable GGUF file.</returns>
    public static string? Check(string path, string setting)
    {
        if (Directory.Exists(path))
        {
            return $"{setting} '{path}' is a directory; point it at the .gguf model file itself.";
        }

        if (!File.Exists(path))
        {
            return $"{setting}: model file '{path}' does not exist; check the path (a relative path is resolved against the current directory '{Environment.CurrentDirectory}').";
        }

        Span<byte> header = stackalloc byte[4];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{setting}: model file '{path}' cannot be read ({ex.GetType().Name}: {ex.Message}); give the host's user read access to it.";
        }

        if (read < header.Length || !header.SequenceEqual(Magic))
        {
            return $"{setting}: '{path}' is not a GGUF model file (it does not start with the magic bytes 'GGUF'); "
                + "point it at a .gguf file, or convert the model with llama.cpp's convert_hf_to_gguf.py.";
        }

        return null;
    }
}

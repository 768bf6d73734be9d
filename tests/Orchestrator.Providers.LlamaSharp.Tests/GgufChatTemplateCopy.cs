using System.Text;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>
/// Writes a copy of a GGUF file with a <c>tokenizer.chat_template</c> entry added to its metadata, so the
/// model-template path can be exercised with the only model the tests have (stories260K has no template).
/// GGUF v3 layout: header, metadata entries, tensor infos, padding to the alignment, tensor data.
/// </summary>
internal static class GgufChatTemplateCopy
{
    private const uint StringType = 8;
    private const uint ArrayType = 9;
    private static readonly int[] ScalarSizes = [1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8];

    public static string Write(string sourcePath, string targetPath, string chatTemplate)
    {
        var source = File.ReadAllBytes(sourcePath);
        using var reader = new BinaryReader(new MemoryStream(source));
        if (Encoding.ASCII.GetString(reader.ReadBytes(4)) != "GGUF" || reader.ReadUInt32() != 3)
        {
            throw new InvalidDataException($"'{sourcePath}' is not a GGUF v3 file.");
        }

        var tensorCount = reader.ReadUInt64();
        var entryCount = reader.ReadUInt64();
        var entriesStart = reader.BaseStream.Position;
        var alignment = 32UL;
        for (ulong i = 0; i < entryCount; i++)
        {
            var key = ReadString(reader);
            var type = reader.ReadUInt32();
            if (key == "general.alignment")
            {
                alignment = reader.ReadUInt32();
            }
            else
            {
                SkipValue(reader, type);
            }
        }

        var entriesEnd = reader.BaseStream.Position;
        for (ulong i = 0; i < tensorCount; i++)
        {
            _ = ReadString(reader);
            var dimensions = reader.ReadUInt32();
            reader.BaseStream.Seek((8 * dimensions) + 4 + 8, SeekOrigin.Current);
        }

        var infosEnd = reader.BaseStream.Position;
        var dataStart = Align((ulong)infosEnd, alignment);

        using var target = new BinaryWriter(File.Create(targetPath));
        target.Write("GGUF"u8);
        target.Write(3u);
        target.Write(tensorCount);
        target.Write(entryCount + 1);
        target.Write(source, (int)entriesStart, (int)(entriesEnd - entriesStart));
        WriteString(target, "tokenizer.chat_template");
        target.Write(StringType);
        WriteString(target, chatTemplate);
        target.Write(source, (int)entriesEnd, (int)(infosEnd - entriesEnd));
        target.Write(new byte[Align((ulong)target.BaseStream.Position, alignment) - (ulong)target.BaseStream.Position]);
        target.Write(source, (int)dataStart, source.Length - (int)dataStart);
        return targetPath;
    }

    private static ulong Align(ulong offset, ulong alignment) => (offset + alignment - 1) / alignment * alignment;

    private static string ReadString(BinaryReader reader) => Encoding.UTF8.GetString(reader.ReadBytes((int)reader.ReadUInt64()));

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void SkipValue(BinaryReader reader, uint type)
    {
        if (type == StringType)
        {
            _ = ReadString(reader);
        }
        else if (type == ArrayType)
        {
            var elementType = reader.ReadUInt32();
            var count = reader.ReadUInt64();
            for (ulong i = 0; i < count; i++)
            {
                SkipValue(reader, elementType);
            }
        }
        else
        {
            reader.BaseStream.Seek(ScalarSizes[type], SeekOrigin.Current);
        }
    }
}

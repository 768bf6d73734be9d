using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Orchestrator.Rag.Keyword;

/// <summary>
/// Lucene doc id to chunk id and document id for one index segment, built once per segment core and cached for as long
/// as the core lives. Segments are immutable (deletions only hide docs), so a refreshed reader reuses the arrays of the
/// segments it shares with the previous one and builds only the new ones.
/// </summary>
internal sealed class SegmentChunkIds
{
    private static readonly ConditionalWeakTable<object, SegmentChunkIds> Cache = new();

    private SegmentChunkIds(string[] chunkIds, string[] documentIds)
    {
        ChunkIds = chunkIds;
        DocumentIds = documentIds;
    }

    /// <summary>Gets the chunk id of each doc in the segment.</summary>
    public string[] ChunkIds { get; }

    /// <summary>Gets the document id of each doc in the segment.</summary>
    public string[] DocumentIds { get; }

    /// <summary>Returns the cached ids of <paramref name="reader"/>'s segment, building them on first use.</summary>
    /// <param name="reader">The segment reader.</param>
    /// <param name="idField">The doc-values field holding the chunk id.</param>
    /// <param name="documentField">The doc-values field holding the document id.</param>
    /// <param name="readStored">Reads (chunk id, document id) from a doc's stored fields, for docs written without doc values.</param>
    /// <returns>The ids.</returns>
    public static SegmentChunkIds For(AtomicReader reader, string idField, string documentField, Func<AtomicReader, int, (string ChunkId, string DocumentId)> readStored)
    {
        var key = reader.CoreCacheKey;
        if (Cache.TryGetValue(key, out var ids))
        {
            return ids;
        }

        ids = Build(reader, idField, documentField, readStored);
        return Cache.GetValue(key, _ => ids);
    }

    private static SegmentChunkIds Build(AtomicReader reader, string idField, string documentField, Func<AtomicReader, int, (string ChunkId, string DocumentId)> readStored)
    {
        var chunkIds = Resolve(reader.GetSortedDocValues(idField), reader.MaxDoc);
        var documentIds = Resolve(reader.GetSortedDocValues(documentField), reader.MaxDoc);

        // Indexes written before the ids were doc values (or segments merged from such) fall back to the stored chunk, once.
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (chunkIds[doc] is null || documentIds[doc] is null)
            {
                (chunkIds[doc], documentIds[doc]) = readStored(reader, doc);
            }
        }

        return new SegmentChunkIds(chunkIds, documentIds);
    }

    private static string[] Resolve(SortedDocValues? values, int maxDoc)
    {
        var result = new string[maxDoc];
        if (values is null)
        {
            return result;
        }

        // Decode each distinct value once: the chunks of one document share one string.
        var byOrd = new string[values.ValueCount];
        var bytes = new BytesRef();
        for (var ord = 0; ord < byOrd.Length; ord++)
        {
            values.LookupOrd(ord, bytes);
            byOrd[ord] = bytes.Utf8ToString();
        }

        for (var doc = 0; doc < maxDoc; doc++)
        {
            var ord = values.GetOrd(doc);
            if (ord >= 0)
            {
                result[doc] = byOrd[ord];
            }
        }

        return result;
    }
}

using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class EmbeddedVectorIndexConformanceTests : VectorIndexConformanceTests
{
    protected override Task<IVectorIndex> CreateAsync() => Task.FromResult<IVectorIndex>(new EmbeddedVectorIndex());
}

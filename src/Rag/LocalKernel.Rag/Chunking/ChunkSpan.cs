namespace LocalKernel.Rag;

/// <summary>Where a piece of chunk text came from: pages and source lines, each possibly unknown.</summary>
internal readonly record struct ChunkSpan(int? PageStart, int? PageEnd, int? LineStart, int? LineEnd)
{
    public static ChunkSpan Of(DocumentBlock block) => new(block.Page, block.Page, block.StartLine, block.EndLine);

    public ChunkSpan Union(ChunkSpan other) => new(
        Min(PageStart, other.PageStart), Max(PageEnd, other.PageEnd), Min(LineStart, other.LineStart), Max(LineEnd, other.LineEnd));

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}

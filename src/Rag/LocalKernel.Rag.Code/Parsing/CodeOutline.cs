namespace LocalKernel.Rag.Code;

/// <summary>What a parser found in one file: its declaration segments (for chunks) and its symbols (for the symbol table).</summary>
/// <param name="Segments">Segments in order covering every non-blank line; null when no declaration was recognised.</param>
/// <param name="Symbols">Declarations with their line spans; <see cref="CodeSymbol.Path"/> is empty until the indexer sets it.</param>
public sealed record CodeOutline(IReadOnlyList<CodeSegment>? Segments, IReadOnlyList<CodeSymbol> Symbols);

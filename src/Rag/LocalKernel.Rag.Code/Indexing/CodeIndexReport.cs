namespace LocalKernel.Rag.Code;

/// <summary>What one <see cref="CodeIndex.UpdateAsync"/> run did.</summary>
/// <param name="Added">Files indexed for the first time.</param>
/// <param name="Updated">Files whose content changed and were re-indexed.</param>
/// <param name="Unchanged">Files skipped because their content hash is unchanged.</param>
/// <param name="Removed">Files gone from the repository (or now ignored) whose entries were deleted.</param>
/// <param name="Failed">Files that could not be indexed, with the reason.</param>
/// <param name="Symbols">Symbols in the table after the run.</param>
/// <param name="Elapsed">How long the run took.</param>
public sealed record CodeIndexReport(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    int Unchanged,
    IReadOnlyList<string> Removed,
    IReadOnlyList<(string Path, string Error)> Failed,
    long Symbols,
    TimeSpan Elapsed);

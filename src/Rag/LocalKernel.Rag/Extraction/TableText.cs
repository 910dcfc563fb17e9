namespace LocalKernel.Rag;

/// <summary>The text form of a table block (see <see cref="BlockKind.Table"/>): one row per line, cells joined by " | ".</summary>
internal static class TableText
{
    /// <summary>Joins the rows, leaving out rows whose cells are all blank.</summary>
    public static string Join(IEnumerable<IReadOnlyList<string>> rows) =>
        string.Join('\n', rows.Where(cells => !cells.All(string.IsNullOrWhiteSpace)).Select(cells => string.Join(" | ", cells)));
}

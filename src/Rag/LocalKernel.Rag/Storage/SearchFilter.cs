namespace LocalKernel.Rag;

/// <summary>
/// Restricts a search to some documents. Criteria combine with AND; several tags with the same key
/// combine with OR (project = atlas OR project = hermes), tags with different keys with AND.
/// </summary>
public sealed class SearchFilter
{
    /// <summary>Only these documents; null for any.</summary>
    public IReadOnlyCollection<string>? DocumentIds { get; init; }

    /// <summary>Only documents carrying these tags (see the class remarks); null or empty for any.</summary>
    public IReadOnlyCollection<DocumentTag>? Tags { get; init; }

    /// <summary>Whether the filter restricts anything.</summary>
    public bool IsEmpty => DocumentIds is null && (Tags is null || Tags.Count == 0);
}

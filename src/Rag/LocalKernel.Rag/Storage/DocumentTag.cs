namespace LocalKernel.Rag;

/// <summary>A key/value label on a document (e.g. "project" = "atlas"), used to filter retrieval.
/// A document may carry several values for one key.</summary>
/// <param name="Key">The tag's name; compared ordinally.</param>
/// <param name="Value">The tag's value; compared ordinally.</param>
public readonly record struct DocumentTag(string Key, string Value);

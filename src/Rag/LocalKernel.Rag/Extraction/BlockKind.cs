namespace LocalKernel.Rag;

/// <summary>The structural role of a <see cref="DocumentBlock"/>.</summary>
public enum BlockKind
{
    /// <summary>A heading; <see cref="DocumentBlock.HeadingLevel"/> gives its level.</summary>
    Heading,

    /// <summary>Running text.</summary>
    Paragraph,

    /// <summary>One item of a list.</summary>
    ListItem,

    /// <summary>A table; its text holds one row per line, cells separated by " | ", the header row first.</summary>
    Table,

    /// <summary>A code block (or a declaration of a source file), kept verbatim.</summary>
    Code,
}

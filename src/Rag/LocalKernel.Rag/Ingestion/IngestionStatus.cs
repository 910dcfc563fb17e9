namespace LocalKernel.Rag;

/// <summary>What ingestion did with one file.</summary>
public enum IngestionStatus
{
    /// <summary>The document was new and has been stored.</summary>
    Added,

    /// <summary>The file changed; its old chunks were replaced.</summary>
    Updated,

    /// <summary>The file is as it was when last ingested; nothing was done.</summary>
    Unchanged,

    /// <summary>The file is gone (or was asked to be removed); its document was deleted.</summary>
    Removed,

    /// <summary>The file could not be ingested; <see cref="IngestionResult.Error"/> says why. Its previous version, if any, is kept.</summary>
    Failed,
}

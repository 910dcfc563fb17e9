using System.Collections.Concurrent;

namespace LocalKernel.Rag;

/// <summary>
/// Maps file extensions to content types and content types to <see cref="IDocumentExtractor"/>s, and extracts files
/// with the size limit applied before anything is read. <see cref="CreateDefault"/> knows text, Markdown, HTML, PDF,
/// DOCX and common source-code and configuration formats.
/// </summary>
/// <remarks>All members are thread-safe; registrations made while extractions run apply to later lookups.</remarks>
public sealed class DocumentExtractorRegistry
{
    private readonly ConcurrentDictionary<string, string> _contentTypeByExtension = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IDocumentExtractor> _extractorByContentType = new(StringComparer.OrdinalIgnoreCase);

    private static readonly (string ContentType, string[] Extensions)[] SourceLanguages =
    [
        (SourceCodeExtractor.CSharpContentType, [".cs", ".csx"]),
        ("text/x-python", [".py", ".pyi"]),
        ("text/javascript", [".js", ".mjs", ".cjs", ".jsx"]),
        ("text/x-typescript", [".ts", ".tsx", ".mts", ".cts"]),
        ("text/x-java", [".java"]),
        ("text/x-kotlin", [".kt", ".kts"]),
        ("text/x-go", [".go"]),
        ("text/x-rust", [".rs"]),
        ("text/x-c", [".c", ".h"]),
        ("text/x-c++", [".cpp", ".cc", ".cxx", ".hpp", ".hh", ".hxx"]),
        ("text/x-swift", [".swift"]),
        ("text/x-ruby", [".rb"]),
        ("text/x-php", [".php"]),
        ("text/x-scala", [".scala"]),
        ("text/x-fsharp", [".fs", ".fsi", ".fsx"]),
        ("text/x-vb", [".vb"]),
        ("text/x-lua", [".lua"]),
        ("text/x-dart", [".dart"]),
        ("text/x-shellscript", [".sh", ".bash", ".zsh"]),
        ("text/x-powershell", [".ps1", ".psm1"]),
        ("text/x-sql", [".sql"]),
        ("text/css", [".css", ".scss", ".less"]),
        ("application/json", [".json", ".jsonc"]),
        ("application/yaml", [".yaml", ".yml"]),
        ("application/toml", [".toml"]),
        ("application/xml", [".xml", ".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".xaml", ".config"]),
        ("text/x-protobuf", [".proto"]),
    ];

    /// <summary>Creates an empty registry; use <see cref="CreateDefault"/> for the built-in extractors.</summary>
    public DocumentExtractorRegistry()
    {
    }

    /// <summary>A registry with every built-in extractor and its usual file extensions.</summary>
    public static DocumentExtractorRegistry CreateDefault()
    {
        var registry = new DocumentExtractorRegistry();
        registry.Register(new PlainTextExtractor(), ".txt", ".text", ".log", ".rst", ".adoc", ".ini", ".cfg", ".conf");
        registry.MapExtension(".csv", "text/csv");
        registry.MapExtension(".tsv", "text/tab-separated-values");
        registry.Register(new MarkdownExtractor(), ".md", ".markdown", ".mdown", ".mkd");
        registry.Register(new HtmlExtractor(), ".html", ".htm", ".xhtml");
        registry.Register(new PdfExtractor(), ".pdf");
        registry.Register(new DocxExtractor(), ".docx");
        foreach (var (contentType, extensions) in SourceLanguages)
        {
            registry.Register(new SourceCodeExtractor(contentType), extensions);
        }

        return registry;
    }

    /// <summary>The extensions (with the dot) that map to a content type.</summary>
    public IReadOnlyCollection<string> Extensions => _contentTypeByExtension.Keys.ToArray();

    /// <summary>The content types that have an extractor.</summary>
    public IReadOnlyCollection<string> ContentTypes => _extractorByContentType.Keys.ToArray();

    /// <summary>Registers <paramref name="extractor"/> for all its <see cref="IDocumentExtractor.ContentTypes"/> (replacing
    /// earlier ones) and maps <paramref name="extensions"/> to its first content type.</summary>
    /// <exception cref="ArgumentException">The extractor declares no content type, or an extension is not of the form ".ext".</exception>
    public void Register(IDocumentExtractor extractor, params string[] extensions)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(extensions);
        string? first = extractor.ContentTypes.FirstOrDefault();
        if (first is null)
        {
            throw new ArgumentException("The extractor declares no content type.", nameof(extractor));
        }

        foreach (var contentType in extractor.ContentTypes)
        {
            _extractorByContentType[contentType] = extractor;
        }

        foreach (var extension in extensions)
        {
            MapExtension(extension, first);
        }
    }

    /// <summary>Maps a file extension such as ".md" to a content type.</summary>
    /// <exception cref="ArgumentException"><paramref name="extension"/> does not start with '.', or a value is empty.</exception>
    public void MapExtension(string extension, string contentType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(extension);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (extension[0] != '.')
        {
            throw new ArgumentException("An extension starts with '.', e.g. \".md\".", nameof(extension));
        }

        _contentTypeByExtension[extension] = contentType;
    }

    /// <summary>The content type of a file by its extension, or null when none is mapped.</summary>
    public string? GetContentType(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path);
        return extension.Length > 0 && _contentTypeByExtension.TryGetValue(extension, out var type) ? type : null;
    }

    /// <summary>The extractor for <paramref name="contentType"/> (parameters such as "; charset=utf-8" are ignored), or null.</summary>
    public IDocumentExtractor? GetExtractor(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        int semicolon = contentType.IndexOf(';');
        string bare = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return _extractorByContentType.TryGetValue(bare, out var extractor) ? extractor : null;
    }

    /// <summary>Whether a file with this name has an extractor.</summary>
    public bool CanExtract(string path) => GetContentType(path) is { } type && GetExtractor(type) is not null;

    /// <summary>Extracts <paramref name="content"/> as <paramref name="contentType"/>.</summary>
    /// <exception cref="DocumentExtractionException"><see cref="ExtractionFailure.UnsupportedType"/> when no extractor handles
    /// the type; otherwise whatever the extractor reports.</exception>
    public Task<ExtractedDocument> ExtractAsync(Stream content, string contentType, ExtractionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var extractor = GetExtractor(contentType)
            ?? throw new DocumentExtractionException(ExtractionFailure.UnsupportedType, $"No extractor handles the content type '{contentType}'.");
        return extractor.ExtractAsync(content, options ?? ExtractionOptions.Default, cancellationToken);
    }

    /// <summary>Extracts the file at <paramref name="path"/>, chosen by its extension. The size limit
    /// (<see cref="ExtractionOptions.MaxFileBytes"/>) is checked before the file is opened.</summary>
    /// <exception cref="DocumentExtractionException">Unknown extension (<see cref="ExtractionFailure.UnsupportedType"/>), a
    /// file over the limit (<see cref="ExtractionFailure.TooLarge"/>), or the extractor's failure; the message names the file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public async Task<ExtractedDocument> ExtractFileAsync(string path, ExtractionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= ExtractionOptions.Default;
        string name = Path.GetFileName(path);
        string? contentType = GetContentType(path);
        var extractor = contentType is null ? null : GetExtractor(contentType);
        if (extractor is null)
        {
            string extension = Path.GetExtension(path);
            throw new DocumentExtractionException(ExtractionFailure.UnsupportedType,
                extension.Length == 0 ? $"{name}: files without an extension are not supported." : $"{name}: no extractor handles '{extension}' files.");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        }

        if (info.Length > options.MaxFileBytesOrDefault)
        {
            throw new DocumentExtractionException(ExtractionFailure.TooLarge,
                $"{name}: {info.Length:N0} bytes is over the limit of {options.MaxFileBytesOrDefault:N0} bytes (ExtractionOptions.MaxFileBytes).");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await extractor.ExtractAsync(stream, options, cancellationToken).ConfigureAwait(false);
            }
            catch (DocumentExtractionException ex)
            {
                throw new DocumentExtractionException(ex.Reason, $"{name}: {ex.Message}", ex);
            }
        }
    }
}

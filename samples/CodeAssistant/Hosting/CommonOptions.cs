using System.CommandLine;

namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>The options every command shares: the repository, the index file and the models.</summary>
internal sealed class CommonOptions
{
    /// <summary>The value of <c>--embedding-model</c> that picks the bundled model.</summary>
    public const string BundledModel = "bundled";

    private readonly Option<DirectoryInfo?> _repo = new("--repo") { Description = "The repository (default: the git root above the current folder, else the current folder)." };
    private readonly Option<FileInfo?> _store = new("--store") { Description = "The index file (default: <repo>/.localkernel/code-index.db)." };
    private readonly Option<FileInfo?> _chatModel = new("--chat-model") { Description = "A GGUF chat model (or CODE_CHAT_MODEL); without one, answers are extractive." };
    private readonly Option<int?> _contextSize = new("--context-size") { Description = "The chat model's context in tokens (default 8192)." };
    private readonly Option<int?> _threads = new("--threads") { Description = "Threads for the model (default: the physical cores)." };
    private readonly Option<bool> _noSpeculation = new("--no-speculation") { Description = "Turn off prompt-lookup speculative decoding." };
    private readonly Option<string?> _embeddingModel = new("--embedding-model")
    {
        Description = "A GGUF embedding model for vector retrieval besides keywords and symbols, \"bundled\" for all-MiniLM-L6-v2 (converted once), or \"none\" (the default; or CODE_EMBEDDING_MODEL). The index then lives in its own file per model.",
    };

    public static CommonOptions AddTo(Command command)
    {
        var options = new CommonOptions();
        command.Options.Add(options._repo);
        command.Options.Add(options._store);
        command.Options.Add(options._chatModel);
        command.Options.Add(options._contextSize);
        command.Options.Add(options._threads);
        command.Options.Add(options._noSpeculation);
        command.Options.Add(options._embeddingModel);
        return options;
    }

    public AssistantSettings Resolve(ParseResult result)
    {
        var repo = result.GetValue(_repo)?.FullName ?? FindRepositoryRoot(Environment.CurrentDirectory);
        var model = result.GetValue(_chatModel)?.FullName
            ?? (Environment.GetEnvironmentVariable("CODE_CHAT_MODEL") is { Length: > 0 } env ? Path.GetFullPath(env) : null);
        var embedding = result.GetValue(_embeddingModel) ?? Environment.GetEnvironmentVariable("CODE_EMBEDDING_MODEL");
        embedding = embedding is null or "" || embedding.Equals("none", StringComparison.OrdinalIgnoreCase) ? null
            : embedding.Equals(BundledModel, StringComparison.OrdinalIgnoreCase) ? BundledModel
            : Path.GetFullPath(embedding);
        return new AssistantSettings(repo, result.GetValue(_store)?.FullName, model, result.GetValue(_contextSize) ?? 8192, result.GetValue(_threads),
            !result.GetValue(_noSpeculation), embedding);
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds a .git entry; else <paramref name="start"/>.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return Path.GetFullPath(start);
    }
}

using Microsoft.Extensions.AI;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// The models the endpoints serve, by the id clients put in <c>model</c>. Register each model once, before the server
/// starts; the registry does not own (or dispose) the clients.
/// </summary>
/// <remarks>Registration is not thread-safe; lookups are (the registry is not changed once the server runs).</remarks>
public sealed class ServedModels
{
    private readonly Dictionary<string, ServedChatModel> _chat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IEmbeddingGenerator<string, Embedding<float>>> _embedding = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>When the registry was made: the <c>created</c> time of every model in <c>/v1/models</c>.</summary>
    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    /// <summary>Serves <paramref name="client"/> on <c>/v1/chat/completions</c> as <paramref name="id"/>.</summary>
    /// <param name="id">The model id clients use.</param>
    /// <param name="client">The chat client.</param>
    /// <param name="tokenizer">Its tokenizer for <c>/tokenize</c>; null when it has none.</param>
    /// <param name="ownedBy">The <c>owned_by</c> of <c>/v1/models</c>.</param>
    /// <exception cref="ArgumentException">The id is empty or already used by a chat model.</exception>
    public ServedModels AddChatModel(string id, IChatClient client, IServedTokenizer? tokenizer = null, string ownedBy = "localkernel")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(client);
        if (!_chat.TryAdd(id, new ServedChatModel(id, client, tokenizer, ownedBy)))
        {
            throw new ArgumentException($"A chat model is already served as '{id}'.", nameof(id));
        }

        if (!_embedding.ContainsKey(id))
        {
            _order.Add(id);
        }

        return this;
    }

    /// <summary>Serves <paramref name="generator"/> on <c>/v1/embeddings</c> as <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The id is empty or already used by an embedding model.</exception>
    public ServedModels AddEmbeddingModel(string id, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(generator);
        if (!_embedding.TryAdd(id, generator))
        {
            throw new ArgumentException($"An embedding model is already served as '{id}'.", nameof(id));
        }

        if (!_chat.ContainsKey(id))
        {
            _order.Add(id);
        }

        return this;
    }

    /// <summary>Every model id, in the order registered.</summary>
    public IReadOnlyList<string> Ids => _order;

    /// <summary>The chat models.</summary>
    public IReadOnlyCollection<ServedChatModel> ChatModels => _chat.Values;

    /// <summary>Whether any chat model is served.</summary>
    public bool HasChatModels => _chat.Count > 0;

    /// <summary>Whether any embedding model is served.</summary>
    public bool HasEmbeddingModels => _embedding.Count > 0;

    /// <summary>The chat model served as <paramref name="id"/>, or null.</summary>
    public ServedChatModel? FindChatModel(string id) => _chat.GetValueOrDefault(id);

    /// <summary>The embedding generator served as <paramref name="id"/>, or null.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? FindEmbeddingModel(string id) => _embedding.GetValueOrDefault(id);

    /// <summary>The <c>owned_by</c> of a model id.</summary>
    internal string OwnerOf(string id) => _chat.TryGetValue(id, out var chat) ? chat.OwnedBy : "localkernel";
}

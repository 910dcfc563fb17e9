using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// An <see cref="IChatClient"/> over a local GGUF model. Prompts come from the model's own chat template;
/// requests run concurrently through one continuous-batching scheduler (no global lock), and a continued
/// conversation reuses its cached prefix. Streaming is the main path; <see cref="GetResponseAsync"/> collects
/// the stream. Thread-safe. The model is shared and not disposed by this client.
/// </summary>
public sealed class LlamaChatClient : IChatClient
{
    private const int DefaultMaxContext = 4096;
    private readonly LlamaScheduler _scheduler;
    private readonly IChatPromptFormatter _formatter;
    private readonly bool _trimHistory;
    private readonly bool _promptLookup;
    private readonly int? _maxToolArgumentStringLength;
    private readonly ILogger _logger;

    /// <summary>Creates a client and its context (KV cache for <see cref="LlamaChatClientOptions.ParallelRequests"/> sequences).</summary>
    /// <exception cref="LlamaException">The context could not be created (e.g. not enough memory).</exception>
    public LlamaChatClient(LlamaModel model, LlamaChatClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _maxToolArgumentStringLength = options?.MaxToolArgumentStringLength is { } length
            ? length >= 1 ? length : throw new ArgumentOutOfRangeException(nameof(options), length, "MaxToolArgumentStringLength must be at least 1.")
            : null;
        var contextSize = options?.ContextSize ?? Math.Min(model.TrainContextLength, DefaultMaxContext);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LlamaChatClient>();
        _scheduler = new LlamaScheduler(model, contextSize, options?.ParallelRequests ?? 4, options?.BatchSize ?? 512, options?.Threads, _logger,
            options?.TextHandOverInterval);
        _formatter = ChatPromptFormatters.For(model, _logger);
        _trimHistory = options?.TrimHistoryToFit ?? false;
        _promptLookup = options?.PromptLookupDecoding ?? false;
        Metadata = new ChatClientMetadata("llama.cpp", new Uri("file://" + model.FilePath),
            options?.ModelId ?? Path.GetFileNameWithoutExtension(model.FilePath));
    }

    /// <summary>Prompt-lookup draft tokens proposed and confirmed so far (for measurements).</summary>
    internal (long Drafted, long Accepted) SpeculationCounts => _scheduler.SpeculationCounts;

    /// <summary>The model this client generates with.</summary>
    public LlamaModel Model { get; }

    /// <summary>Provider "llama.cpp", the model file, the model id.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Most tokens of one request, prompt and answer together.</summary>
    public int ContextSize => _scheduler.SequenceContextSize;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="LlamaException">The conversation does not fit the context (<see cref="LlamaStatus.ContextOverflow"/>,
    /// naming both token counts), unless <see cref="LlamaChatClientOptions.TrimHistoryToFit"/> is set.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages.ToList();
        if (history.Count == 0)
        {
            throw new ArgumentException("At least one message is needed.", nameof(messages));
        }

        history = WithInstructions(history, options?.Instructions);

        if (options?.MaxOutputTokens is <= 0)
        {
            throw new ArgumentException("ChatOptions.MaxOutputTokens must be positive.", nameof(options));
        }

        var plan = ToolCallingPlan.For(Model, options, _logger, _maxToolArgumentStringLength);
        if (plan.ParseFormat is not null && !GenericToolPrompt.TemplateRendersTools(Model.ChatTemplate))
        {
            history = GenericToolPrompt.AddTo(history, options!.Tools!.OfType<AIFunctionDeclaration>());
        }

        var prompt = BuildPrompt(history, options);
        var sampling = SamplingOptionsMapper.FromChatOptions(options) with
        {
            Grammar = plan.Grammar,
            LazyGrammarPatterns = plan.LazyPatterns,
            LazyGrammarTokens = plan.LazyTokens,
        };
        return Stream(prompt, sampling, options, plan, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType == typeof(LlamaModel) ? Model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Stops the scheduler and frees the context; requests in flight end with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _scheduler.Dispose();

    // Submitted when enumeration starts, and aborted when it ends early (break, dispose, cancellation),
    // so an abandoned stream never keeps a sequence generating.
    private async IAsyncEnumerable<ChatResponseUpdate> Stream(int[] prompt, SamplingParameters sampling, ChatOptions? options,
        ToolCallingPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = new GenerationRequest
        {
            Prompt = prompt,
            Sampling = sampling,
            MaxTokens = options?.MaxOutputTokens ?? LlamaChatDefaults.MaxOutputTokens,
            StopSequences = options?.StopSequences?.ToArray(),
            CancellationToken = abort.Token,
            RenderSpecialTokens = plan.ParseFormat is not null,
            MaxDraftTokens = _promptLookup && sampling.IsPlainGreedy ? PromptLookupDrafter.DefaultMaxDraft : 0,
        };
        _scheduler.Submit(request);
        var parser = plan.ParseFormat is { } format ? new ToolCallParser(format, _logger) : null;
        try
        {
            await foreach (var update in ReadUpdates(request, options?.ModelId ?? Metadata.DefaultModelId, parser, plan.ForcesCall, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            await abort.CancelAsync().ConfigureAwait(false);
        }
    }

    // With tools, text goes through the family's parser: text before a call streams out, a call comes out whole as a
    // FunctionCallContent, and a turn that ends in calls finishes with ChatFinishReason.ToolCalls.
    private static async IAsyncEnumerable<ChatResponseUpdate> ReadUpdates(GenerationRequest request, string? modelId, ToolCallParser? parser,
        bool forcedCall, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool calledTools = false;
        var responseId = Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        await foreach (var item in request.Events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // ReadAllAsync drains what is already buffered without looking at the token: stop at once instead.
            cancellationToken.ThrowIfCancellationRequested();
            var update = new ChatResponseUpdate { Role = ChatRole.Assistant, ResponseId = responseId, MessageId = responseId, ModelId = modelId, CreatedAt = created };
            switch (item)
            {
                case GeneratedText text when parser is not null:
                    calledTools |= AddParsed(update, parser.Push(text.Text));
                    break;
                case GeneratedText text:
                    update.Contents.Add(new TextContent(text.Text));
                    break;
                case GenerationFinished finished:
                    if (parser is not null)
                    {
                        var rest = parser.Complete();
                        calledTools |= AddParsed(update, finished.Reason == GenerationStopReason.Length ? WithoutTruncatedCall(rest, forcedCall) : rest);
                    }

                    update.FinishReason = calledTools ? ChatFinishReason.ToolCalls
                        : finished.Reason == GenerationStopReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop;
                    update.Contents.Add(new UsageContent(new UsageDetails
                    {
                        InputTokenCount = finished.PromptTokens,
                        OutputTokenCount = finished.OutputTokens,
                        TotalTokenCount = finished.PromptTokens + finished.OutputTokens,
                        CachedInputTokenCount = finished.CachedPromptTokens,
                    }));
                    break;
            }

            if (update.Contents.Count > 0 || update.FinishReason is not null)
            {
                yield return update;
            }
        }
    }

    // A call cut off by the token limit is not an answer: dropping its text leaves a Length finish (with whatever text
    // came before the call) instead of half a call's JSON for the caller to show or feed back to the model. Under a
    // forcing grammar every character belongs to the call, even before the parser could tell it was one.
    private static ToolCallParseResult WithoutTruncatedCall(ToolCallParseResult parsed, bool forcedCall)
    {
        if (forcedCall)
        {
            return new ToolCallParseResult([.. parsed.Contents.Where(c => c is not TextContent)], parsed.Warnings);
        }

        if (!parsed.HasWarnings || parsed.Contents is not [.., TextContent last])
        {
            return parsed;
        }

        var text = last.Text;
        foreach (var warning in parsed.Warnings.Reverse())
        {
            if (text.EndsWith(warning.Text, StringComparison.Ordinal))
            {
                text = text[..^warning.Text.Length];
            }
        }

        List<AIContent> contents = [.. parsed.Contents.SkipLast(1)];
        if (text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }

        return new ToolCallParseResult(contents, parsed.Warnings);
    }

    private static bool AddParsed(ChatResponseUpdate update, ToolCallParseResult parsed)
    {
        foreach (var content in parsed.Contents)
        {
            update.Contents.Add(content);
        }

        return parsed.Calls.Any();
    }

    // ChatOptions.Instructions go first in the system message (many templates accept only one, and only first).
    private static List<ChatMessage> WithInstructions(List<ChatMessage> history, string? instructions) =>
        string.IsNullOrWhiteSpace(instructions) ? history : SystemMessage.Join(history, instructions, first: true);

    /// <summary>Threads of the scheduler's last decode (benchmarks watch the adaptive thread rule with it).</summary>
    internal int LastDecodeThreads => _scheduler.LastDecodeThreads;

    /// <summary>The prompt tokens a request would decode (benchmarks feed the same tokens to a bare native loop).</summary>
    internal int[] BuildPromptTokens(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        BuildPrompt(WithInstructions(messages.ToList(), options?.Instructions), options);

    private int[] BuildPrompt(List<ChatMessage> history, ChatOptions? options)
    {
        while (true)
        {
            var tokens = Tokenize(_formatter.Format(history, options));
            if (tokens.Length < ContextSize)
            {
                return tokens;
            }

            int oldest = history.FindIndex(m => m.Role != ChatRole.System);
            bool canTrim = _trimHistory && oldest >= 0 && history.Count(m => m.Role != ChatRole.System) > 1;
            if (!canTrim)
            {
                throw new LlamaException(LlamaStatus.ContextOverflow,
                    $"The conversation is {tokens.Length} tokens long but the context holds {ContextSize} tokens " +
                    "(prompt and answer together). Shorten it, use a larger ContextSize, or set TrimHistoryToFit.");
            }

            history.RemoveAt(oldest);
        }
    }

    // Templates write special tokens as text (and usually the BOS token too): parse them, and add BOS only when
    // the model wants one and the template did not write it.
    private int[] Tokenize(string prompt)
    {
        var tokens = Model.Tokenize(prompt, addSpecial: false, parseSpecial: true);
        if (Model.AddsBosToken && Model.BosToken >= 0 && (tokens.Length == 0 || tokens[0] != Model.BosToken))
        {
            return [Model.BosToken, .. tokens];
        }

        return tokens;
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Agents;

/// <summary>
/// A delegating chat client that runs the tools a model asks for: when a response holds
/// <see cref="FunctionCallContent"/>s, it invokes the matching <see cref="AIFunction"/>s of
/// <see cref="ChatOptions.Tools"/>, adds the model's message and a <see cref="ChatRole.Tool"/> message of
/// <see cref="FunctionResultContent"/>s to the conversation, and asks the inner client again, until an answer
/// without calls. Streaming and non-streaming work alike.
/// </summary>
/// <remarks>
/// <para>
/// The defaults are those of Microsoft.Extensions.AI's own <c>FunctionInvokingChatClient</c> (which is not available
/// here): at most 40 rounds per request (<see cref="MaximumIterationsPerRequest"/>), at most 3 consecutive rounds
/// with a failing call before the failure is thrown (<see cref="MaximumConsecutiveErrorsPerRequest"/>), exception
/// messages hidden from the model (<see cref="IncludeDetailedErrors"/>), calls of one round run one after another
/// (<see cref="AllowConcurrentInvocation"/>). A call of an unknown tool, or with arguments that do not bind, is
/// reported to the model as an error result, not thrown.
/// </para>
/// <para>
/// When the model asks for tools in a round beyond the limit, the response is returned with those calls not run.
/// A required tool mode (<see cref="ChatToolMode.RequireAny"/>, <see cref="ChatToolMode.RequireSpecific"/>) applies
/// to the first request only, so the model can answer after its calls.
/// </para>
/// <para>
/// Functions run on the caller's synchronization context (no <c>ConfigureAwait(false)</c>), so tools may touch UI.
/// Settings may be changed between requests; one instance serves concurrent requests.
/// </para>
/// </remarks>
public partial class FunctionInvokingChatClient : DelegatingChatClient
{
    private static readonly AsyncLocal<FunctionInvocationContext?> s_currentContext = new();
    private readonly ILogger _logger;
    private readonly IServiceProvider? _services;
    private int _maximumIterationsPerRequest = 40;
    private int _maximumConsecutiveErrorsPerRequest = 3;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that talks to the model.</param>
    /// <param name="loggerFactory">Logs each invocation (arguments and results only at Trace).</param>
    /// <param name="functionInvocationServices">Passed to functions as <see cref="AIFunctionArguments.Services"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> is null.</exception>
    public FunctionInvokingChatClient(IChatClient innerClient, ILoggerFactory? loggerFactory = null, IServiceProvider? functionInvocationServices = null)
        : base(innerClient)
    {
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<FunctionInvokingChatClient>();
        _services = functionInvocationServices;
    }

    /// <summary>The call being run on this async flow, or null: lets a function see its call and conversation.</summary>
    public static FunctionInvocationContext? CurrentContext => s_currentContext.Value;

    /// <summary>
    /// Whether a failing function's exception message is shown to the model (<c>Error: Function failed. Exception: …</c>).
    /// Default false: the model sees <c>Error: Function failed.</c> only, as exception text may hold private details.
    /// </summary>
    public bool IncludeDetailedErrors { get; set; }

    /// <summary>Whether the calls of one round run concurrently. Default false: one after another, in the model's order.</summary>
    public bool AllowConcurrentInvocation { get; set; }

    /// <summary>The most rounds of calls per request (each round asks the inner client again). Default 40.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaximumIterationsPerRequest
    {
        get => _maximumIterationsPerRequest;
        set => _maximumIterationsPerRequest = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one round is needed.");
    }

    /// <summary>
    /// How many rounds in a row may have a failing call before the failure is thrown (the last round's exception, or an
    /// <see cref="AggregateException"/> of its exceptions). Default 3; 0 throws at the first failure.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 0.</exception>
    public int MaximumConsecutiveErrorsPerRequest
    {
        get => _maximumConsecutiveErrorsPerRequest;
        set => _maximumConsecutiveErrorsPerRequest = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Cannot be negative.");
    }

    /// <summary>Whether a call of a tool that does not exist ends the loop (the response is returned with that call).
    /// Default false: the model is told the function was not found and may try again.</summary>
    public bool TerminateOnUnknownCalls { get; set; }

    /// <summary>Tools available on every request besides <see cref="ChatOptions.Tools"/> (not advertised to the model by this client).</summary>
    public IList<AITool>? AdditionalTools { get; set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = new Conversation(messages);
        var responseMessages = new List<ChatMessage>();
        UsageDetails? usage = null;
        int consecutiveErrors = 0;
        for (int iteration = 0; ; iteration++)
        {
            var response = await base.GetResponseAsync(conversation.ToSend, options, cancellationToken);
            var calls = CallsToRun(response.Messages, options, iteration);
            if (iteration == 0 && calls.Count == 0)
            {
                return response;
            }

            responseMessages.AddRange(response.Messages);
            if (response.Usage is not null)
            {
                (usage ??= new UsageDetails()).Add(response.Usage);
            }

            bool done = calls.Count == 0;
            if (!done)
            {
                conversation.AddResponse(response.Messages, response.ConversationId);
                var round = await RunRoundAsync(conversation.All, options, calls, iteration, consecutiveErrors, cancellationToken);
                conversation.AddToolResults(round.ToolMessage);
                responseMessages.Add(round.ToolMessage);
                consecutiveErrors = round.ConsecutiveErrors;
                done = round.Terminate;
                options = ForNextIteration(options, response.ConversationId);
            }

            if (done)
            {
                response.Messages = responseMessages;
                response.Usage = usage;
                return response;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(new Conversation(messages), options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(Conversation conversation, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var toolMessageId = Guid.NewGuid().ToString("N");
        int consecutiveErrors = 0;
        for (int iteration = 0; ; iteration++)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in base.GetStreamingResponseAsync(conversation.ToSend, options, cancellationToken))
            {
                updates.Add(update);
                yield return update;
            }

            var response = updates.ToChatResponse();
            var calls = CallsToRun(response.Messages, options, iteration);
            if (calls.Count == 0)
            {
                yield break;
            }

            conversation.AddResponse(response.Messages, response.ConversationId);
            var round = await RunRoundAsync(conversation.All, options, calls, iteration, consecutiveErrors, cancellationToken);
            conversation.AddToolResults(round.ToolMessage);
            consecutiveErrors = round.ConsecutiveErrors;
            yield return new ChatResponseUpdate(ChatRole.Tool, round.ToolMessage.Contents)
            {
                MessageId = toolMessageId,
                ResponseId = toolMessageId,
                ConversationId = response.ConversationId,
                CreatedAt = DateTimeOffset.UtcNow,
            };

            if (round.Terminate)
            {
                yield break;
            }

            options = ForNextIteration(options, response.ConversationId);
        }
    }

    /// <summary>The calls to run: none when there are no tools or the round limit is reached; calls the inner client
    /// already handled (<see cref="FunctionCallContent.InformationalOnly"/>) are skipped.</summary>
    private List<FunctionCallContent> CallsToRun(IList<ChatMessage> messages, ChatOptions? options, int iteration)
    {
        var calls = messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Where(c => !c.InformationalOnly).ToList();
        if (calls.Count > 0 && options?.Tools is not { Count: > 0 } && AdditionalTools is not { Count: > 0 })
        {
            return [];
        }

        if (calls.Count > 0 && iteration >= MaximumIterationsPerRequest)
        {
            LogIterationLimit(_logger, MaximumIterationsPerRequest);
            return [];
        }

        return calls;
    }

    /// <summary>A required tool mode holds for the first request only; a service-kept conversation continues by its id.</summary>
    private static ChatOptions? ForNextIteration(ChatOptions? options, string? conversationId)
    {
        if (options is null || (options.ToolMode is not RequiredChatToolMode && options.ConversationId == conversationId))
        {
            return options;
        }

        var next = options.Clone();
        if (next.ToolMode is RequiredChatToolMode)
        {
            next.ToolMode = null;
        }

        next.ConversationId = conversationId;
        return next;
    }

    /// <summary>
    /// The conversation as this client grows it. When the inner client keeps the history itself (its response has a
    /// conversation id), only what is new since its last response is sent.
    /// </summary>
    private sealed class Conversation(IEnumerable<ChatMessage> messages)
    {
        private readonly List<ChatMessage> _all = [.. messages];
        private List<ChatMessage>? _sinceLastResponse;

        public List<ChatMessage> All => _all;

        public IEnumerable<ChatMessage> ToSend => _sinceLastResponse ?? _all;

        public void AddResponse(IList<ChatMessage> response, string? conversationId)
        {
            _all.AddRange(response);
            _sinceLastResponse = conversationId is null ? null : [];
        }

        public void AddToolResults(ChatMessage toolMessage)
        {
            _all.Add(toolMessage);
            _sinceLastResponse?.Add(toolMessage);
        }
    }
}

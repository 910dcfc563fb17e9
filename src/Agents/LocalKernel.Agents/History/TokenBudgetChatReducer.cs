using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents;

/// <summary>
/// Reduces a conversation to a token budget counted by the model's own tokenizer: the system messages always stay, then
/// the newest turns are kept while they fit. An assistant message that calls tools and the tool results that answer it
/// are one unit, kept or dropped together, so a call is never separated from its result (templates and models reject
/// an orphan result, and a call without its result invites the model to call again). The newest unit always stays.
/// </summary>
/// <remarks>Thread-safe when the token counter is. Use with <c>ChatClientBuilder.UseChatReducer</c>.</remarks>
public sealed class TokenBudgetChatReducer : IChatReducer
{
    /// <summary>Tokens counted per message for its role and template markers.</summary>
    public const int PerMessageOverhead = 8;

    private readonly Func<string, int> _countTokens;

    /// <summary>Creates a reducer.</summary>
    /// <param name="countTokens">Counts the tokens of a text with the model's tokenizer.</param>
    /// <param name="maxTokens">The budget for the whole conversation sent to the model.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is not positive.</exception>
    public TokenBudgetChatReducer(Func<string, int> countTokens, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(countTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        _countTokens = countTokens;
        MaxTokens = maxTokens;
    }

    /// <summary>The budget.</summary>
    public int MaxTokens { get; }

    /// <inheritdoc />
    public Task<IEnumerable<ChatMessage>> ReduceAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var system = list.TakeWhile(m => m.Role == ChatRole.System).ToList();
        var units = Units(list.Skip(system.Count));
        int used = system.Sum(Count);
        var kept = new List<List<ChatMessage>>();
        for (int i = units.Count - 1; i >= 0; i--)
        {
            int cost = units[i].Sum(Count);
            if (kept.Count > 0 && used + cost > MaxTokens)
            {
                break;
            }

            used += cost;
            kept.Insert(0, units[i]);
        }

        return Task.FromResult<IEnumerable<ChatMessage>>([.. system, .. kept.SelectMany(u => u)]);
    }

    /// <summary>The tokens one message costs: its text, its calls' names and arguments, its results, and the overhead.</summary>
    public int Count(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int tokens = PerMessageOverhead;
        foreach (var content in message.Contents)
        {
            tokens += content switch
            {
                TextContent text => _countTokens(text.Text),
                FunctionCallContent call => _countTokens(call.Name + JsonSerializer.Serialize(call.Arguments)),
                FunctionResultContent result => _countTokens(result.Result?.ToString() ?? string.Empty),
                _ => 0,
            };
        }

        return tokens;
    }

    private static List<List<ChatMessage>> Units(IEnumerable<ChatMessage> messages)
    {
        var units = new List<List<ChatMessage>>();
        foreach (var message in messages)
        {
            bool isResult = message.Role == ChatRole.Tool || (message.Contents.Count > 0 && message.Contents.All(c => c is FunctionResultContent));
            bool previousCalls = units.Count > 0 && units[^1].Any(m => m.Contents.Any(c => c is FunctionCallContent));
            if (isResult && previousCalls)
            {
                units[^1].Add(message);
            }
            else
            {
                units.Add([message]);
            }
        }

        return units;
    }
}

using System.Linq.Expressions;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// A LINQ filter over <see cref="DocumentChunkRecord"/>, split in two: the conditions the store can apply itself
/// (<c>r.DocumentId == x</c> and <c>r.Tags.Contains("k=v")</c> at the top level of an AND), which become a
/// <see cref="SearchFilter"/> whose values travel as query parameters, and the whole predicate compiled, applied to
/// every candidate. Filter values are therefore never SQL text, whatever they contain.
/// </summary>
internal sealed class ChunkFilter
{
    private ChunkFilter(SearchFilter? storeFilter, Func<DocumentChunkRecord, bool>? predicate)
    {
        StoreFilter = storeFilter;
        Predicate = predicate;
    }

    public SearchFilter? StoreFilter { get; }

    public Func<DocumentChunkRecord, bool>? Predicate { get; }

    public bool Admits(DocumentChunkRecord record) => Predicate is null || Predicate(record);

    public static ChunkFilter From(Expression<Func<DocumentChunkRecord, bool>>? filter)
    {
        if (filter is null)
        {
            return new ChunkFilter(null, null);
        }

        List<string>? ids = null;
        var tags = new List<DocumentTag>();
        foreach (var condition in Conjuncts(filter.Body))
        {
            if (condition is BinaryExpression { NodeType: ExpressionType.Equal } equal
                && IsMember(equal.Left, nameof(DocumentChunkRecord.DocumentId)) && Value(equal.Right) is string id)
            {
                // Two different ids in one AND admit nothing; the intersection says so.
                ids = ids is null ? [id] : ids.Where(i => i == id).ToList();
            }
            else if (condition is MethodCallExpression { Method.Name: nameof(List<string>.Contains) } call
                && call.Object is not null && IsMember(call.Object, nameof(DocumentChunkRecord.Tags))
                && call.Arguments.Count == 1 && Value(call.Arguments[0]) is string tag && tag.IndexOf('=', StringComparison.Ordinal) > 0)
            {
                int eq = tag.IndexOf('=', StringComparison.Ordinal);
                tags.Add(new DocumentTag(tag[..eq], tag[(eq + 1)..]));
            }
        }

        // Tags of one key are alternatives in a SearchFilter; here every Contains must hold, so only the first of
        // each key is pushed down and the compiled predicate checks the rest.
        var pushed = tags.GroupBy(t => t.Key, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var storeFilter = ids is null && pushed.Count == 0 ? null : new SearchFilter { DocumentIds = ids, Tags = pushed };
        return new ChunkFilter(storeFilter, filter.Compile());
    }

    private static IEnumerable<Expression> Conjuncts(Expression expression)
    {
        if (expression is BinaryExpression { NodeType: ExpressionType.AndAlso } and)
        {
            return Conjuncts(and.Left).Concat(Conjuncts(and.Right));
        }

        return [expression];
    }

    private static bool IsMember(Expression expression, string name) =>
        expression is MemberExpression { Expression: ParameterExpression } member && member.Member.Name == name;

    /// <summary>The value of a constant or captured variable; null for anything that depends on the record.</summary>
    private static object? Value(Expression expression)
    {
        if (expression is ConstantExpression constant)
        {
            return constant.Value;
        }

        return new ParameterFinder().Has(expression) ? null : Expression.Lambda(expression).Compile().DynamicInvoke();
    }

    private sealed class ParameterFinder : ExpressionVisitor
    {
        private bool _found;

        public bool Has(Expression expression)
        {
            Visit(expression);
            return _found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found = true;
            return node;
        }
    }
}

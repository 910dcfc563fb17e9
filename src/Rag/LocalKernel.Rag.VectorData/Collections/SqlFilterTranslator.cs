using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// Translates a LINQ filter into a SQL condition over the collection's columns (alias <c>t</c>): ==, !=, &lt;, &lt;=,
/// &gt;, &gt;=, &amp;&amp;, ||, !, boolean properties, <c>list.Contains(value)</c> on text-list properties and
/// <c>values.Contains(r.Property)</c>. Every value becomes a command parameter; property names are quoted storage
/// names from the model; anything else is refused with <see cref="NotSupportedException"/>, never evaluated in memory.
/// </summary>
internal sealed class SqlFilterTranslator(SqlDialect dialect, DbCommand command) : FilterTranslatorBase
{
    public string Translate(LambdaExpression filter, CollectionModel model)
    {
        var body = PreprocessFilter(filter, model, new FilterPreprocessingOptions { SupportsParameterization = true });
        return Translate(body);
    }

    private string Translate(Expression node) => node switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso } and => $"({Translate(and.Left)} AND {Translate(and.Right)})",
        BinaryExpression { NodeType: ExpressionType.OrElse } or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
        UnaryExpression { NodeType: ExpressionType.Not } not => $"(NOT {Translate(not.Operand)})",
        UnaryExpression { NodeType: ExpressionType.Convert } convert when convert.Type == typeof(bool) => Translate(convert.Operand),
        BinaryExpression comparison when Comparison(comparison.NodeType) is not null => TranslateComparison(comparison),
        MethodCallExpression call when TryMatchContains(call, out var source, out var item) => TranslateContains(source, item),
        ConstantExpression { Value: bool b } => b ? "(1 = 1)" : "(1 = 0)",
        _ when node.Type == typeof(bool) && TryBindProperty(Unwrap(node), out var property) => $"({Column(property!)} = {Parameter(property!, true)})",
        _ => throw new NotSupportedException($"The filter '{node}' cannot be translated to SQL: use ==, !=, <, <=, >, >=, &&, ||, ! over record properties, list.Contains(value) on a tag list, or values.Contains(r.Property)."),
    };

    private string TranslateComparison(BinaryExpression comparison)
    {
        var op = Comparison(comparison.NodeType)!;
        var (left, right) = (Unwrap(comparison.Left), Unwrap(comparison.Right));
        if (!TryBindProperty(left, out var property))
        {
            if (!TryBindProperty(right, out property))
            {
                throw new NotSupportedException($"The comparison '{comparison}' has no record property on either side.");
            }

            // value < r.P is r.P > value.
            (left, right) = (right, left);
            op = op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };
        }

        if (!TryValue(right, out var value))
        {
            throw new NotSupportedException($"The comparison '{comparison}' compares a property with something other than a value.");
        }

        if (value is null)
        {
            return op switch
            {
                "=" => $"({Column(property!)} IS NULL)",
                "<>" => $"({Column(property!)} IS NOT NULL)",
                _ => throw new NotSupportedException($"The comparison '{comparison}' orders by null."),
            };
        }

        // SQL's <> is unknown on NULL; C#'s != is true there, so null rows are kept as C# would keep them.
        return op == "<>"
            ? $"({Column(property!)} <> {Parameter(property!, value)} OR {Column(property!)} IS NULL)"
            : $"({Column(property!)} {op} {Parameter(property!, value)})";
    }

    private string TranslateContains(Expression source, Expression item)
    {
        if (TryBindProperty(Unwrap(source), out var list) && RecordModelBuilder.IsTextList(list!.Type))
        {
            if (!TryValue(Unwrap(item), out var value) || value is not string text)
            {
                throw new NotSupportedException($"'{list.ModelName}.Contains(…)' needs a string value.");
            }

            return $"({dialect.ListContains(Column(list), AddParameter(text))})";
        }

        if (TryBindProperty(Unwrap(item), out var property) && TryValue(Unwrap(source), out var values) && values is IEnumerable enumerable and not string)
        {
            return $"({dialect.InValues(Column(property!), AddParameter(dialect.ValuesToDb(property!, enumerable.Cast<object?>())))})";
        }

        throw new NotSupportedException($"Contains over '{source}' cannot be translated: use r.TagList.Contains(value) or values.Contains(r.Property).");
    }

    private static string? Comparison(ExpressionType type) => type switch
    {
        ExpressionType.Equal => "=",
        ExpressionType.NotEqual => "<>",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        _ => null,
    };

    // Nullable and enum comparisons arrive wrapped in conversions.
    private static Expression Unwrap(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? Unwrap(convert.Operand) : expression;

    private static bool TryValue(Expression expression, out object? value)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case QueryParameterExpression parameter:
                value = parameter.Value;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static string Column(PropertyModel property) => "t." + SqlDialect.Quote(property.StorageName);

    private string Parameter(PropertyModel property, object value) => AddParameter(dialect.ToDb(property, value));

    private string AddParameter(object value)
    {
        var name = "@f" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        SqlDialect.AddParameter(command, name, value);
        return name;
    }
}

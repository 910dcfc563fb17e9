namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Enumerates every expression under a list of statements, for the few analyses the parser needs.</summary>
internal static class TemplateSyntaxWalker
{
    public static IEnumerable<TemplateExpression> Expressions(IEnumerable<TemplateStatement> statements)
    {
        foreach (var statement in statements)
        {
            foreach (var expression in Expressions(statement))
            {
                yield return expression;
            }
        }
    }

    private static IEnumerable<TemplateExpression> Expressions(TemplateStatement statement)
    {
        IEnumerable<TemplateExpression?> roots;
        IEnumerable<TemplateStatement> children;
        switch (statement)
        {
            case OutputStatement output:
                (roots, children) = ([output.Expression], []);
                break;
            case IfStatement @if:
                (roots, children) = ([@if.Condition], @if.Body.Concat(@if.Else));
                break;
            case ForStatement @for:
                (roots, children) = ([@for.Iterable, @for.Filter], @for.Body.Concat(@for.Else));
                break;
            case SetStatement set:
                (roots, children) = ([set.Target, set.Value], set.Body);
                break;
            case MacroStatement macro:
                (roots, children) = (macro.Parameters.Select(p => p.Default), macro.Body);
                break;
            case CallBlockStatement call:
                (roots, children) = (call.Parameters.Select(p => p.Default).Append(call.Call), call.Body);
                break;
            case FilterBlockStatement filter:
                (roots, children) = ((filter.Arguments ?? []).Select(a => a.Value), filter.Body);
                break;
            default:
                yield break;
        }

        foreach (var root in roots)
        {
            if (root is null)
            {
                continue;
            }

            foreach (var expression in Descendants(root))
            {
                yield return expression;
            }
        }

        foreach (var expression in Expressions(children))
        {
            yield return expression;
        }
    }

    private static IEnumerable<TemplateExpression> Descendants(TemplateExpression root)
    {
        var stack = new Stack<TemplateExpression>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var expression = stack.Pop();
            yield return expression;
            foreach (var child in Children(expression))
            {
                if (child is not null)
                {
                    stack.Push(child);
                }
            }
        }
    }

    private static IEnumerable<TemplateExpression?> Children(TemplateExpression expression) => expression switch
    {
        ListExpression list => list.Items.Cast<TemplateExpression?>(),
        DictExpression dict => dict.Entries.SelectMany(e => new[] { e.Key, e.Value }),
        MemberExpression member => [member.Target, member.Key],
        SliceExpression slice => new TemplateExpression?[] { slice.Target, slice.Start, slice.Stop, slice.Step },
        CallExpression call => call.Arguments.Select(a => a.Value).Prepend(call.Callee),
        FilterExpression filter => (filter.Arguments ?? []).Select(a => a.Value).Prepend(filter.Operand),
        TestExpression test => test.Arguments.Select(a => a.Value).Prepend(test.Operand),
        UnaryExpression unary => [unary.Operand],
        BinaryExpression binary => [binary.Left, binary.Right],
        ConditionalExpression conditional => new TemplateExpression?[] { conditional.Condition, conditional.Then, conditional.Otherwise },
        _ => [],
    };
}

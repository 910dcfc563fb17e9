namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Python slices, <c>x[start:stop:step]</c>, of lists and strings (strings by code point).</summary>
internal static class JinjaSlicing
{
    public static JinjaValue Slice(JinjaValue target, JinjaValue? start, JinjaValue? stop, JinjaValue? step)
    {
        var stepValue = Bound(step) ?? 1;
        if (stepValue == 0)
        {
            throw new TemplateRuntimeException("Slice step cannot be zero");
        }

        switch (target)
        {
            case JinjaList list:
                return new JinjaList(Indices(list.Count, Bound(start), Bound(stop), stepValue).Select(i => list.Items[i]).ToList());
            case JinjaString s when !s.Value.Any(char.IsSurrogate):
                return new JinjaString(string.Concat(Indices(s.Value.Length, Bound(start), Bound(stop), stepValue).Select(i => s.Value[i])));
            case JinjaString s:
                var codePoints = JinjaStrings.CodePoints(s.Value).ToList();
                return new JinjaString(string.Concat(Indices(codePoints.Count, Bound(start), Bound(stop), stepValue).Select(i => codePoints[i])));
            default:
                throw new TemplateRuntimeException($"'{target.TypeName}' object cannot be sliced");
        }
    }

    private static long? Bound(JinjaValue? value) => value switch
    {
        null or JinjaUndefined or JinjaNone => null,
        JinjaInteger i => i.Value,
        JinjaBoolean b => b.Value ? 1 : 0,
        _ => throw new TemplateRuntimeException($"Slice indices must be integers or none, not '{value.TypeName}'"),
    };

    /// <summary>The indices a slice selects, with Python's clamping of out-of-range and negative bounds.</summary>
    public static IEnumerable<int> Indices(int length, long? start, long? stop, long step)
    {
        long from;
        long to;
        if (step > 0)
        {
            from = Clamp(start ?? 0, length, 0, length);
            to = Clamp(stop ?? length, length, 0, length);
            for (var i = from; i < to; i += step)
            {
                yield return (int)i;
            }
        }
        else
        {
            from = start is null ? length - 1 : Clamp(start.Value, length, -1, length - 1);
            to = stop is null ? -1 : Clamp(stop.Value, length, -1, length - 1);
            for (var i = from; i > to; i += step)
            {
                yield return (int)i;
            }
        }
    }

    private static long Clamp(long index, int length, long min, long max)
    {
        if (index < 0)
        {
            index += length;
        }

        return Math.Clamp(index, min, max);
    }
}

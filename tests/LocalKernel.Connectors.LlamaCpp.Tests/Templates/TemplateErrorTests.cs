using static LocalKernel.Connectors.LlamaCpp.Tests.TemplateRendering;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Errors are typed, point at the template line and column, and limits stop runaway templates.</summary>
public sealed class TemplateErrorTests
{
    [Theory]
    [InlineData("A\n{% if x %}\nB\n{% endfor %}", 4, 1)]
    [InlineData("A\n  {{ 'unterminated }}", 2, 6)]
    [InlineData("{% frobnicate %}", 1, 4)]
    [InlineData("line\n{{ a + }}", 2, 8)]
    [InlineData("{{ x ! y }}", 1, 6)]
    [InlineData("{# never closed", 1, 1)]
    public void SyntaxErrorsReportWhere(string template, int line, int column)
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(template));
        Assert.Equal(ChatTemplateErrorKind.Syntax, error.Kind);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains($"line {line}, column {column}", error.Message);
    }

    [Fact]
    public void AnUnclosedBlockPointsAtItsOpeningTag()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{% for m in messages %}\n  {% if m %}x\n{% endfor %}"));
        Assert.Equal(ChatTemplateErrorKind.Syntax, error.Kind);
        Assert.Equal(3, error.Line);
        Assert.Contains("endfor", error.Reason);

        var missingEnd = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("A\n{% if true %}\nB"));
        Assert.Equal(2, missingEnd.Line);
        Assert.Contains("endif", missingEnd.Reason);
    }

    [Fact]
    public void RuntimeErrorsReportTheInnermostPlace()
    {
        var unknownFilter = Fails("ok\n  {{ 'x' | frobnicate }}");
        Assert.Equal(ChatTemplateErrorKind.Runtime, unknownFilter.Kind);
        Assert.Equal(2, unknownFilter.Line);
        Assert.Contains("frobnicate", unknownFilter.Reason);

        var notCallable = Fails("{% set s = 'x' %}\n{{ s.nonexistent() }}");
        Assert.Equal(2, notCallable.Line);
        Assert.Contains("nonexistent", notCallable.Reason);

        var badOperands = Fails("{{ [] - 1 }}");
        Assert.Contains("'list' and 'int'", badOperands.Reason);
    }

    [Fact]
    public void RunawayRecursionIsALimitNotAStackOverflow()
    {
        var error = Fails("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
        Assert.Equal(ChatTemplateErrorKind.LimitExceeded, error.Kind);
    }

    [Fact]
    public void OutputIsCappedAtTheLimit()
    {
        var error = Fails("{% for i in range(100000) %}0123456789{% endfor %}", configure: c => c.MaxOutputLength = 10_000);
        Assert.Equal(ChatTemplateErrorKind.LimitExceeded, error.Kind);
        Assert.Equal(ChatTemplateErrorKind.LimitExceeded, Fails("{{ 'x' * 100000000 }}", configure: c => c.MaxOutputLength = 1000).Kind);
        Assert.Equal(ChatTemplateErrorKind.LimitExceeded, Fails("{{ range(1000000000000) }}").Kind);
        Assert.Equal(10_000, Render("{% for i in range(1000) %}0123456789{% endfor %}", configure: c => c.MaxOutputLength = 10_000).Length);
    }

    [Fact]
    public void EndlessWorkIsStoppedByTheStepBudget()
    {
        var error = Fails(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            configure: c => c.MaxSteps = 200_000);
        Assert.Equal(ChatTemplateErrorKind.LimitExceeded, error.Kind);
    }

    [Fact]
    public void CyclicValuesFailInsteadOfRecursingForever()
    {
        var error = Fails("{% set xs = [] %}{% set _ = xs.append(xs) %}{{ xs|tojson }}");
        Assert.Equal(ChatTemplateErrorKind.Runtime, error.Kind);
    }

    [Fact]
    public void DeepNestingIsASyntaxErrorNotAStackOverflow()
    {
        var template = "{{ " + new string('(', 100_000) + "1" + new string(')', 100_000) + " }}";
        Assert.Equal(ChatTemplateErrorKind.Syntax, Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(template)).Kind);
        var blocks = string.Concat(Enumerable.Repeat("{% if true %}", 5000)) + string.Concat(Enumerable.Repeat("{% endif %}", 5000));
        Assert.Equal(ChatTemplateErrorKind.Syntax, Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(blocks)).Kind);
        Assert.Equal("1", Render("{{ " + new string('(', 50) + "1" + new string(')', 50) + " }}"));
    }

    [Fact]
    public void BreakOutsideALoopIsAnError()
    {
        Assert.Contains("outside of a loop", Fails("{% if true %}{% break %}{% endif %}").Reason);
    }
}

using static LocalKernel.Connectors.LlamaCpp.Tests.TemplateRendering;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>if, for, set, macro, call and filter blocks.</summary>
public sealed class StatementTests
{
    [Fact]
    public void IfElifElseChoosesTheFirstTrueBranch()
    {
        const string template = "{% if n > 2 %}big{% elif n > 1 %}medium{% else %}small{% endif %}";
        Assert.Equal("big", Render(template, new { n = 3 }));
        Assert.Equal("medium", Render(template, new { n = 2 }));
        Assert.Equal("small", Render(template, new { n = 1 }));
    }

    [Fact]
    public void LoopVariablesDescribeThePosition()
    {
        const string template = "{% for x in ['a', 'b', 'c'] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}" +
            "{{ loop.length }}{{ loop.first }}{{ loop.last }}<{{ loop.previtem }}|{{ loop.nextitem }}>;{% endfor %}";
        Assert.Equal("10323truefalse<|b>;21213falsefalse<a|c>;32103falsetrue<b|>;", Render(template));
    }

    [Fact]
    public void LoopElseRunsForAnEmptySequence()
    {
        Assert.Equal("none", Render("{% for x in [] %}{{ x }}{% else %}none{% endfor %}"));
        Assert.Equal("none", Render("{% for x in missing %}{{ x }}{% else %}none{% endfor %}"));
    }

    [Fact]
    public void InlineLoopFilterSkipsItemsAndLoopCountsOnlyTheRest()
    {
        Assert.Equal("2/2 3/2 ", Render("{% for x in [1, 2, 3] if x > 1 %}{{ x }}/{{ loop.length }} {% endfor %}"));
    }

    [Fact]
    public void LoopsUnpackPairsAndIterateDictKeys()
    {
        var d = new Dictionary<string, object> { ["a"] = 1, ["b"] = 2 };
        Assert.Equal("a=1 b=2 ", Render("{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}", new { d }));
        Assert.Equal("a=1 b=2 ", Render("{% for k, v in d|items %}{{ k }}={{ v }} {% endfor %}", new { d }));
        Assert.Equal("ab", Render("{% for k in d %}{{ k }}{% endfor %}", new { d }));
        Assert.Equal("1a2b", Render("{% for (n, s) in [(1, 'a'), (2, 'b')] %}{{ n }}{{ s }}{% endfor %}"));
    }

    [Fact]
    public void BreakAndContinueControlTheLoop()
    {
        Assert.Equal("13", Render("{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"));
    }

    [Fact]
    public void AssignmentsInsideALoopStayInsideButNamespacesCarryOut()
    {
        const string template = "{% set count = 0 %}{% set ns = namespace(count=0) %}" +
            "{% for x in [1, 2, 3] %}{% set count = count + x %}{% set ns.count = ns.count + x %}{% endfor %}{{ count }} {{ ns.count }}";
        Assert.Equal("0 6", Render(template));
    }

    [Fact]
    public void SetSupportsBlocksTuplesAndNamespaceAttributes()
    {
        Assert.Equal("[hello 2]", Render("{% set greeting %}hello {{ 1 + 1 }}{% endset %}[{{ greeting }}]"));
        Assert.Equal("2-1", Render("{% set a, b = 1, 2 %}{{ b }}-{{ a }}"));
        Assert.Equal("x", Render("{% set ns = namespace() %}{% set ns.value = 'x' %}{{ ns.value }}"));
    }

    [Fact]
    public void MacrosTakePositionalKeywordAndDefaultArguments()
    {
        const string macro = "{% macro tag(name, body='', close=true) %}<{{ name }}>{{ body }}{% if close %}</{{ name }}>{% endif %}{% endmacro %}";
        Assert.Equal("<a>x</a>|<b>|<c></c>", Render(macro + "{{ tag('a', 'x') }}|{{ tag('b', close=false) }}|{{ tag(name='c') }}"));
    }

    [Fact]
    public void MacrosCollectExtraArgumentsOnlyWhenTheyReadThem()
    {
        Assert.Equal("1[2, 3]{\"k\": 4}", Render("{% macro f(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1, 2, 3, k=4) }}"));
        Assert.Contains("takes not more than 1", Fails("{% macro f(a) %}{{ a }}{% endmacro %}{{ f(1, 2) }}").Message);
    }

    [Fact]
    public void MacrosMayRecurse()
    {
        const string template = "{% macro count(n) %}{{ n }}{% if n > 0 %}{{ count(n - 1) }}{% endif %}{% endmacro %}{{ count(3) }}";
        Assert.Equal("3210", Render(template));
    }

    [Fact]
    public void CallBlocksPassTheirBodyAsCaller()
    {
        const string template = "{% macro wrap(tag) %}<{{ tag }}>{{ caller('!') }}</{{ tag }}>{% endmacro %}" +
            "{% call(mark) wrap('b') %}bold{{ mark }}{% endcall %}";
        Assert.Equal("<b>bold!</b>", Render(template));
    }

    [Fact]
    public void FilterBlocksFilterTheirBody()
    {
        Assert.Equal("HELLO WORLD", Render("{% filter upper %}hello {{ 'world' }}{% endfilter %}"));
        Assert.Equal("a-b", Render("{% filter replace(' ', '-') %}a b{% endfilter %}"));
    }
}

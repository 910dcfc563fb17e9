using static LocalKernel.Connectors.LlamaCpp.Tests.TemplateRendering;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Operators, literals, attribute and item access, slices and tests.</summary>
public sealed class ExpressionTests
{
    [Theory]
    [InlineData("{{ 1 + 2 * 3 }}", "7")]
    [InlineData("{{ (1 + 2) * 3 }}", "9")]
    [InlineData("{{ 7 // 2 }}|{{ 7 / 2 }}|{{ 7 % 3 }}|{{ 2 ** 10 }}", "3|3.5|1|1024")]
    [InlineData("{{ -3 + 1 }}|{{ 2 - -1 }}|{{ 1.5 + 1 }}", "-2|3|2.5")]
    [InlineData("{{ 'a' ~ 1 ~ none ~ undefined_thing }}", "a1None")]
    [InlineData("{{ 'ab' + 'cd' }}|{{ [1] + [2] }}|{{ 'ab' * 2 }}", "abcd|[1, 2]|abab")]
    [InlineData("{{ 1 < 2 }}|{{ 2 <= 1 }}|{{ 1 == 1.0 }}|{{ 'a' != 'b' }}|{{ 'a' < 'b' }}", "true|false|true|true|true")]
    [InlineData("{{ 2 in [1, 2] }}|{{ 'y' in 'xyz' }}|{{ 'k' in {'k': 1} }}|{{ 3 not in [1] }}", "true|true|true|true")]
    [InlineData("{{ true and 'x' }}|{{ 0 or 'y' }}|{{ not [] }}|{{ not 1 == 2 }}", "x|y|true|true")]
    [InlineData("{{ 'a' if true else 'b' }}|{{ 'a' if false else 'b' }}|{{ 'a' if false }}|", "a|b||")]
    public void OperatorsFollowJinja(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ 'it\\'s' }}|{{ \"a\\tb\" }}|{{ '\\u00e9\\x41' }}", "it's|a\tb|éA")]
    [InlineData("{{ 'a' 'b' }}", "ab")]
    [InlineData("{{ 42 }}|{{ 2.0 }}|{{ 0.1 }}|{{ 1.5e3 }}", "42|2.0|0.1|1500.0")]
    [InlineData("{{ true }}|{{ True }}|{{ false }}|{{ False }}|[{{ none }}]|[{{ None }}]", "true|true|false|false|[]|[]")]
    [InlineData("{{ [1, 'a', none] }}|{{ {'k': [1.5]} }}|{{ (1, 2) }}|{{ () }}", "[1, \"a\", null]|{\"k\": [1.5]}|[1, 2]|[]")]
    public void LiteralsPrintAsTheReferenceEnginePrintsThem(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void AttributesFallBackToItemsAndMethods()
    {
        var message = new Dictionary<string, object?> { ["role"] = "user", ["items"] = "shadowed" };
        Assert.Equal("user|user|shadowed|", Render("{{ m.role }}|{{ m['role'] }}|{{ m.items }}|{{ m.missing }}", new { m = message }));
        Assert.Equal("[[\"a\", 1]]", Render("{{ d.items() | list }}", new { d = new Dictionary<string, object> { ["a"] = 1 } }));
        Assert.Equal("b|c|3", Render("{{ xs[1] }}|{{ xs[-1] }}|{{ xs.length }}", new { xs = new[] { "a", "b", "c" } }));
        Assert.Equal("a|", Render("{{ xs.0 }}|{{ xs[5] }}", new { xs = new[] { "a" } }));
    }

    [Fact]
    public void MissingValuesAreUndefinedAndPrintNothing()
    {
        Assert.Equal("[][][]", Render("[{{ missing }}][{{ missing.attribute }}][{{ {}.x }}]"));
    }

    [Theory]
    [InlineData("{{ 'abcdef'[::-1] }}|{{ 'abcdef'[1:3] }}|{{ 'abcdef'[-2:] }}|{{ 'abcdef'[::2] }}", "fedcba|bc|ef|ace")]
    [InlineData("{{ [1, 2, 3, 4][1:] }}|{{ [1, 2, 3, 4][:-1] }}|{{ [1, 2, 3, 4][::-2] }}|{{ [1, 2][5:] }}", "[2, 3, 4]|[1, 2, 3]|[4, 2]|[]")]
    public void SlicesFollowPython(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ x is defined }}|{{ missing is defined }}|{{ missing is undefined }}|{{ none is none }}", "true|false|true|true")]
    [InlineData("{{ 'a' is string }}|{{ 1 is string }}|{{ {} is mapping }}|{{ [] is mapping }}", "true|false|true|false")]
    [InlineData("{{ [] is iterable }}|{{ 'a' is iterable }}|{{ 1 is iterable }}|{{ [] is sequence }}", "true|true|false|true")]
    [InlineData("{{ 1 is number }}|{{ 1.5 is number }}|{{ true is number }}|{{ true is boolean }}", "true|true|false|true")]
    [InlineData("{{ true is true }}|{{ 1 is true }}|{{ false is false }}|{{ x is not none }}", "true|false|true|true")]
    [InlineData("{{ 3 is odd }}|{{ 4 is even }}|{{ 9 is divisibleby 3 }}|{{ 9 is divisibleby(4) }}", "true|true|true|false")]
    [InlineData("{{ 'a' is equalto 'a' }}|{{ 1 is eq 2 }}|{{ 'user' is in ['user'] }}", "true|false|true")]
    public void TestsClassifyValues(string template, string expected) => Assert.Equal(expected, Render(template, new { x = 1 }));
}

using static LocalKernel.Connectors.LlamaCpp.Tests.TemplateRendering;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Filters, methods and global functions, with the outputs the reference engine and Jinja give.</summary>
public sealed class FilterTests
{
    [Theory]
    [InlineData("{{ 'x'|tojson }}|{{ {'a': 'é', 'b': [1, 2]}|tojson }}", "\"x\"|{\"a\": \"é\", \"b\": [1, 2]}")]
    [InlineData("{{ [1, 2]|tojson(indent=2) }}", "[\n  1,\n  2\n]")]
    [InlineData("{{ {'a': 1, 'b': 2}|tojson(separators=(',', ':')) }}", "{\"a\":1,\"b\":2}")]
    [InlineData("{{ {'b': 1, 'a': 'é'}|tojson(sort_keys=true, ensure_ascii=true) }}", "{\"a\": \"\\u00e9\", \"b\": 1}")]
    [InlineData("{{ 'line\n\"q\"\t\\\\'|tojson }}", "\"line\\n\\\"q\\\"\\t\\\\\"")]
    [InlineData("{{ [none, true, 1.5, 2.0]|tojson }}", "[null, true, 1.5, 2]")]
    public void ToJsonWritesHuggingFaceJson(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ ' a '|trim }}|{{ 'xxaxx'|trim('x') }}|{{ 'abc'|upper }}|{{ 'ABC'|lower }}", "a|a|ABC|abc")]
    [InlineData("{{ 'hello big world'|title }}|{{ 'hELLO'|capitalize }}|{{ 'a-b-c'|replace('-', '+') }}|{{ 'a-b-c'|replace('-', '+', 1) }}", "Hello Big World|HELLO|a+b+c|a+b-c")]
    [InlineData("{{ 'line1\nline2'|indent(2) }}|{{ 'line1\n\nline2'|indent(2, true) }}|{{ 'a\n\nb'|indent(1, blank=true) }}", "line1\n  line2|  line1\n\n  line2|a\n \n b")]
    [InlineData("{{ '<a href=\"x\">&'|e }}|{{ '<b>'|escape }}|{{ '<i>'|safe }}|{{ 'one two  three'|wordcount }}", "&lt;a href=&#34;x&#34;&gt;&amp;|&lt;b&gt;|<i>|3")]
    public void StringFiltersTransformText(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ [1, 2, 3]|length }}|{{ 'abc'|count }}|{{ {'a': 1}|length }}|{{ missing|length }}", "3|3|1|0")]
    [InlineData("{{ [1, 2, 3]|first }}|{{ [1, 2, 3]|last }}|{{ 'abc'|first }}|[{{ []|first }}]", "1|3|a|[]")]
    [InlineData("{{ [1, 2]|join('-') }}|{{ ['a', 'b']|join }}|{{ [{'n': 'x'}, {'n': 'y'}]|join(',', attribute='n') }}", "1-2|ab|x,y")]
    [InlineData("{{ missing|default('d') }}|{{ ''|default('d') }}|{{ ''|default('d', true) }}|{{ missing|d('e') }}", "d||d|e")]
    [InlineData("{{ {'a': 1}|items|list }}|{{ 'ab'|list }}|{{ {'k': 1}|list }}", "[[\"a\", 1]]|[\"a\", \"b\"]|[\"k\"]")]
    [InlineData("{{ '42'|int }}|{{ '3.5'|float }}|{{ 3.9|int }}|{{ 'x'|int(7) }}|{{ -3|abs }}|{{ 2.567|round(2) }}|{{ 2.5|round }}", "42|3.5|3|7|3|2.57|3.0")]
    [InlineData("{{ 3|string }}|{{ true|string }}|{{ [1]|string }}|{{ {'a': 'b'}|string }}", "3|true|[1]|{'a': 'b'}")]
    [InlineData("{{ [1, 1, 2]|unique|join }}|{{ [1, 2, 3]|reverse|join }}|{{ 'abc'|reverse }}", "12|321|cba")]
    [InlineData("{{ ['b', 'A', 'c']|sort|join }}|{{ ['a', 'B', 'c']|sort(reverse=true)|join }}|{{ [3, 1, 2]|sort|join }}", "Abc|cBa|123")]
    [InlineData("{{ [{'n': 'b', 'k': 2}, {'n': 'a', 'k': 1}]|sort(attribute='k')|map(attribute='n')|join(',') }}", "a,b")]
    [InlineData("{{ {'b': 1, 'a': 2}|dictsort }}|{{ {'b': 1, 'a': 2}|dictsort(by='value') }}", "[[\"a\", 2], [\"b\", 1]]|[[\"b\", 1], [\"a\", 2]]")]
    [InlineData("{{ [1, 2, 3, 4, 5]|batch(2)|list }}|{{ [3, 1, 2]|min }}|{{ [3, 1, 2]|max }}|{{ [1, 2, 3]|sum }}", "[[1, 2], [3, 4], [5]]|1|3|6")]
    public void CollectionFiltersTransformLists(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void SelectionFiltersPickItemsByAttributeOrTest()
    {
        const string messages = "{% set m = [{'role': 'system', 'x': 1}, {'role': 'user'}, {'role': 'user', 'x': 0}] %}";
        Assert.Equal("1", Render(messages + "{{ m|selectattr('x')|list|length }}"));
        Assert.Equal("2", Render(messages + "{{ m|selectattr('role', 'equalto', 'user')|list|length }}"));
        Assert.Equal("system", Render(messages + "{{ m|rejectattr('role', 'equalto', 'user')|map(attribute='role')|join }}"));
        Assert.Equal("[1, 3]", Render("{{ [1, 2, 3]|select('odd')|list }}"));
        Assert.Equal("[2]", Render("{{ [1, 2, 3]|reject('odd')|list }}"));
        Assert.Equal("[\"A\", \"B\"]", Render("{{ ['a', 'b']|map('upper')|list }}"));
        Assert.Equal("[\"?\", 0]", Render(messages + "{{ m[1:]|map(attribute='x', default='?')|list }}"));
    }

    [Theory]
    [InlineData("{{ 'a,b,c'.split(',') }}|{{ 'a,b,c'.split(',', 1) }}|{{ ' a  b '.split() }}|{{ 'a,b,c'.rsplit(',', 1) }}", "[\"a\", \"b\", \"c\"]|[\"a\", \"b,c\"]|[\"a\", \"b\"]|[\"a,b\", \"c\"]")]
    [InlineData("{{ '\n x \n'.strip() }}|{{ '\n\nx\n'.lstrip('\n') }}|{{ 'x..'.rstrip('.') }}", "x|x\n|x")]
    [InlineData("{{ 'hello'.startswith('he') }}|{{ 'hello'.endswith(('x', 'lo')) }}|{{ 'hello'.upper() }}|{{ 'a b'.title() }}", "true|true|HELLO|A B")]
    [InlineData("{{ 'a-b'.replace('-', '+') }}|{{ 'abcb'.find('b') }}|{{ 'abcb'.count('b') }}|{{ ', '.join(['x', 'y']) }}", "a+b|1|2|x, y")]
    [InlineData("{{ '<{}|{0}|{name}>'.format('p', name='n') }}|{{ '{{}}'.format() }}", "<p|p|n>|{}")]
    public void StringMethodsFollowPython(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void DictAndListMethodsWork()
    {
        Assert.Equal("1|d|none", Render("{% set d = {'a': 1} %}{{ d.get('a') }}|{{ d.get('b', 'd') }}|{{ d.get('b') is none and 'none' }}"));
        Assert.Equal("[\"a\"]|[1]", Render("{% set d = {'a': 1} %}{{ d.keys() }}|{{ d.values() }}"));
        Assert.Equal("[1, 2]|1|[2]", Render("{% set xs = [1] %}{% set _ = xs.append(2) %}{{ xs }}|{{ xs.pop(0) }}|{{ xs }}"));
    }

    [Fact]
    public void GlobalsProvideRangeNamespaceDictAndTheClock()
    {
        Assert.Equal("[0, 1, 2]|[1, 3]|[3, 2]", Render("{{ range(3) }}|{{ range(1, 5, 2) }}|{{ range(3, 1, -1) }}"));
        Assert.Equal("1 2", Render("{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }} {{ ns.b }}"));
        Assert.Equal("{\"k\": 1}", Render("{{ dict(k=1) }}"));
        Assert.Equal("26 Jul 2024|2024-07-26|July 26, 2024|10:30", Render(
            "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d') }}|{{ strftime_now('%B %d, %Y') }}|{{ strftime_now('%H:%M') }}"));
    }

    [Fact]
    public void RaiseExceptionStopsRenderingWithTheTemplatesMessage()
    {
        var error = Fails("line one\n{{ raise_exception('Conversation roles must alternate') }}");
        Assert.Equal(ChatTemplateErrorKind.RaisedByTemplate, error.Kind);
        Assert.Equal("Conversation roles must alternate", error.Reason);
        Assert.Equal(2, error.Line);
    }
}

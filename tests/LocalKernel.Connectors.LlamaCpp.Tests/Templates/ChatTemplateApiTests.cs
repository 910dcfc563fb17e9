using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The public surface: parse caching, the context variables, JSON conversion and concurrent rendering.</summary>
public sealed class ChatTemplateApiTests
{
    private const string Template =
        "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}" +
        "{% if tools is defined %}[{{ tools|map(attribute='function.name')|join(',') }}]{% endif %}" +
        "{% if add_generation_prompt %}<assistant>{% endif %}{{ extra }}";

    [Fact]
    public void ParsingTheSameTextReturnsTheCachedTemplate()
    {
        Assert.Same(ChatTemplate.Parse(Template), ChatTemplate.Parse(Template));
        Assert.Equal(Template, ChatTemplate.Parse(Template).Source);
    }

    [Fact]
    public void TheContextProvidesHuggingFaceVariables()
    {
        var context = new ChatTemplateContext { BosToken = "<s>", AddGenerationPrompt = true };
        context.Messages.Add(JinjaValue.FromJson(JsonNode.Parse("""{"role": "user", "content": "hi"}""")));
        context.Tools = [JinjaValue.FromJson(JsonNode.Parse("""{"type": "function", "function": {"name": "f"}}"""))];
        context.Variables["extra"] = "!";
        Assert.Equal("<s><user>hi[f]<assistant>!", ChatTemplate.Parse(Template).Render(context));

        var bare = new ChatTemplateContext();
        Assert.Equal(string.Empty, ChatTemplate.Parse(Template).Render(bare));
    }

    [Fact]
    public void JsonConvertsWithItsTypesAndKeyOrder()
    {
        using var document = JsonDocument.Parse("""{"z": 1, "a": [1.0, 2.5, true, null, "s"], "n": {"k": "v"}}""");
        var fromElement = JinjaValue.FromJson(document.RootElement);
        var fromNode = JinjaValue.FromJson(JsonNode.Parse(document.RootElement.GetRawText()));
        var context = new ChatTemplateContext();
        context.Variables["v"] = fromElement;
        context.Variables["w"] = fromNode;
        const string template = "{{ v|tojson }}|{{ w|tojson }}|{{ v.a[0] }}|{{ v.a[0] is float }}|{{ v.z is integer }}";
        Assert.Equal(
            """{"z": 1, "a": [1, 2.5, true, null, "s"], "n": {"k": "v"}}|{"z": 1, "a": [1, 2.5, true, null, "s"], "n": {"k": "v"}}|1.0|true|true""",
            ChatTemplate.Parse(template).Render(context));
    }

    [Fact]
    public void PlainObjectsConvertToo()
    {
        var value = JinjaValue.FromObject(new Dictionary<string, object?> { ["list"] = new[] { 1, 2 }, ["none"] = null, ["f"] = 0.5 });
        Assert.Equal(JinjaValueKind.Dictionary, value.Kind);
        Assert.Equal("{\"list\": [1, 2], \"none\": null, \"f\": 0.5}", value.ToString());
        Assert.Throws<ArgumentException>(() => JinjaValue.FromObject(new object()));
    }

    [Fact]
    public void TemplatesCannotChangeTheCallersValues()
    {
        var context = new ChatTemplateContext();
        var list = JinjaValue.FromList([1L, 2L]);
        context.Variables["xs"] = list;
        var template = ChatTemplate.Parse("{% set _ = xs.append(3) %}{{ xs|length }}");
        Assert.Equal("3", template.Render(context));
        Assert.Equal("3", template.Render(context));
        Assert.Equal("[1, 2]", list.ToString());
    }

    [Fact]
    public void ConcurrentRendersOfOneTemplateAgree()
    {
        var template = ChatTemplate.Parse(
            "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{{ m.content|upper }}{% endfor %}{{ ns.n }}");
        var context = new ChatTemplateContext();
        for (var i = 0; i < 50; i++)
        {
            context.Messages.Add(JinjaValue.FromDictionary([new("content", $"m{i}")]));
        }

        var expected = template.Render(context);
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = template.Render(context));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void HostileContextsAreRejectedUpFront()
    {
        JinjaValue nested = "leaf";
        for (var i = 0; i < 1000; i++)
        {
            nested = JinjaValue.FromList([nested]);
        }

        var context = new ChatTemplateContext();
        context.Variables["deep"] = nested;
        Assert.Throws<ArgumentException>(() => ChatTemplate.Parse("x").Render(context));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatTemplate.Parse("x").Render(new ChatTemplateContext { MaxOutputLength = 0 }));
    }

    [Fact]
    public void ValuesPrintAsTheTemplateWouldPrintThem()
    {
        Assert.Equal(string.Empty, JinjaValue.None.ToString());
        Assert.Equal("true", JinjaValue.FromBoolean(true).ToString());
        Assert.Equal("2.0", JinjaValue.FromDouble(2).ToString());
        Assert.Equal("[\"a\", 1]", JinjaValue.FromList(["a", 1L]).ToString());
    }
}

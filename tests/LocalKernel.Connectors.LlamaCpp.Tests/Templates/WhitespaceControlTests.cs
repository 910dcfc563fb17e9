using static LocalKernel.Connectors.LlamaCpp.Tests.TemplateRendering;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Whitespace handling as Hugging Face renders chat templates: trim_blocks, lstrip_blocks and the '-' markers.</summary>
public sealed class WhitespaceControlTests
{
    [Fact]
    public void MinusMarkersTrimWhitespaceOnTheirSide()
    {
        Assert.Equal("[x]", Render("[  {{- 'x' -}}  ]"));
        Assert.Equal("[x  ]", Render("[  {{- 'x' }}  ]"));
        Assert.Equal("[  x]", Render("[  {{ 'x' -}}  ]"));
        Assert.Equal("ab", Render("a \n {%- if true -%} \n b {%- endif %}"));
        Assert.Equal("ab", Render("a\n  {#- a comment -#}\n  b"));
    }

    [Fact]
    public void BlockTagsSwallowTheirNewlineAndIndentation()
    {
        // trim_blocks removes the newline after a block tag; lstrip_blocks the indentation before it.
        Assert.Equal("A\nB", Render("{% if true %}\nA\n{% endif %}\nB"));
        Assert.Equal("  A\n", Render("  {% if true %}\n  A\n  {% endif %}\n"));
        Assert.Equal("    x\n    y\n", Render("{% for i in ['x', 'y'] %}\n    {{ i }}\n{% endfor %}\n"));
    }

    [Fact]
    public void ExpressionsKeepTheirIndentationAndNewline()
    {
        Assert.Equal("  x\ny", Render("  {{ 'x' }}\ny"));
    }

    [Fact]
    public void OneTrailingNewlineOfTheTemplateIsDropped()
    {
        Assert.Equal("A", Render("A\n"));
        Assert.Equal("A\n", Render("A\n\n"));
    }

    [Fact]
    public void GenerationMarkersAreRemoved()
    {
        Assert.Equal("<a>text</a>", Render("<a>{% generation %}text{% endgeneration %}</a>"));
        Assert.Equal("<a>text</a>", Render("<a>\n  {%- generation -%}\n  text\n  {%- endgeneration -%}\n</a>"));
    }

    [Fact]
    public void CommentsRenderNothing()
    {
        Assert.Equal("ab", Render("a{# {{ 'not rendered' }} #}b"));
    }
}

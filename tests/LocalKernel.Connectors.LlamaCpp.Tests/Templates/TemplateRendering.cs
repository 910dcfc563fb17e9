namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Renders a template string with variables given as plain .NET objects.</summary>
internal static class TemplateRendering
{
    public static readonly DateTimeOffset Now = new(2024, 7, 26, 10, 30, 0, TimeSpan.Zero);

    public static string Render(string template, object? variables = null, Action<ChatTemplateContext>? configure = null)
    {
        var context = new ChatTemplateContext { Clock = new FixedClock(Now) };
        if (variables is not null)
        {
            foreach (var property in variables.GetType().GetProperties())
            {
                context.Variables[property.Name] = JinjaValue.FromObject(property.GetValue(variables));
            }
        }

        configure?.Invoke(context);
        return ChatTemplate.Parse(template).Render(context);
    }

    public static ChatTemplateException Fails(string template, object? variables = null, Action<ChatTemplateContext>? configure = null) =>
        Assert.Throws<ChatTemplateException>(() => Render(template, variables, configure));
}

using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>Plugins: described public methods of an object become functions bound to it.</summary>
public sealed class PluginFunctionsTests
{
    [Fact]
    public void Described_public_methods_become_functions_in_declaration_order()
    {
        var functions = PluginFunctions.FromObject(new TravelPlugin());

        Assert.Equal(["Book", "DaysUntil", "Lookup"], functions.Select(f => f.Name));
        Assert.Equal("Books a trip", functions[0].Description);
        var schema = functions[0].JsonSchema.GetRawText();
        Assert.Contains("\"city\"", schema, StringComparison.Ordinal);
        Assert.Contains("Where to", schema, StringComparison.Ordinal);
        Assert.DoesNotContain(functions, f => f.Name is "Helper" or "Shared");
    }

    [Fact]
    public async Task Arguments_the_model_wrote_as_JSON_bind_to_the_parameter_types()
    {
        var plugin = new TravelPlugin();
        var book = PluginFunctions.FromObject(plugin).Single(f => f.Name == "Book");

        // As a tool-call parser hands them over: JSON values.
        var arguments = new AIFunctionArguments
        {
            ["city"] = JsonSerializer.SerializeToElement("Oslo"),
            ["nights"] = JsonSerializer.SerializeToElement(3),
            ["budget"] = JsonSerializer.SerializeToElement(99.5),
            ["class"] = JsonSerializer.SerializeToElement("Business"),
            ["start"] = JsonSerializer.SerializeToElement("2025-07-01"),
        };
        var result = await book.InvokeAsync(arguments);

        Assert.Equal("Oslo for 3 nights from 2025-07-01 in Business at 99.5", ((JsonElement)result!).GetString());
        Assert.Equal(1, plugin.Bookings); // the function ran on this instance
    }

    [Fact]
    public async Task Async_methods_lose_their_suffix_and_optional_parameters_may_be_left_out()
    {
        var lookup = PluginFunctions.FromObject(new TravelPlugin()).Single(f => f.Name == "Lookup");
        var result = await lookup.InvokeAsync(new AIFunctionArguments { ["code"] = JsonSerializer.SerializeToElement("OSL") });
        Assert.Equal("OSL: airport (en)", ((JsonElement)result!).GetString());
    }

    [Fact]
    public async Task A_prefix_keeps_plugins_apart_and_works_with_function_invocation()
    {
        var functions = PluginFunctions.FromObject(new TravelPlugin(), namePrefix: "travel");
        Assert.All(functions, f => Assert.StartsWith("travel_", f.Name, StringComparison.Ordinal));

        var inner = new FakeChatClient
        {
            Respond = (n, _, _) => n == 0
                ? FakeChatClient.Calls(new FunctionCallContent("c1", "travel_DaysUntil", new Dictionary<string, object?> { ["date"] = JsonSerializer.SerializeToElement("2030-01-11") }))
                : FakeChatClient.Answer("ok"),
        };
        using var client = Loop.Over(inner);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "when?")], new ChatOptions { Tools = [.. functions] });

        var result = (FunctionResultContent)inner.Requests[1].Messages[^1].Contents.Single();
        Assert.Equal(10, ((JsonElement)result.Result!).GetInt32());
    }

    [Fact]
    public void An_object_without_described_methods_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => PluginFunctions.FromObject(new object()));
        Assert.Contains("[Description]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => PluginFunctions.FromObject(null!));
    }

    public enum TravelClass
    {
        Economy,
        Business,
    }

    private sealed class TravelPlugin
    {
        public int Bookings { get; private set; }

        [Description("Books a trip")]
        public string Book([Description("Where to")] string city, int nights, double budget, TravelClass @class, DateOnly start)
        {
            Bookings++;
            return $"{city} for {nights} nights from {start:yyyy-MM-dd} in {@class} at {budget.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        [Description("Days from 2030-01-01 to a date")]
        public int DaysUntil(DateOnly date) => date.DayNumber - new DateOnly(2030, 1, 1).DayNumber;

        [Description("Looks a code up")]
        public async Task<string> LookupAsync(string code, string language = "en", CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return $"{code}: airport ({language})";
        }

        public string Helper() => "not a tool";

        [Description("Static methods are not bound to the instance")]
        public static string Shared() => "no";
    }
}

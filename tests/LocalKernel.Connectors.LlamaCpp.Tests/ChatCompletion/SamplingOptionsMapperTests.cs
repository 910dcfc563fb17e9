using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

public class SamplingOptionsMapperTests
{
    [Fact]
    public void No_options_give_the_documented_defaults()
    {
        var p = SamplingOptionsMapper.FromChatOptions(null);
        Assert.Equal(LlamaChatDefaults.Temperature, p.Temperature);
        Assert.Equal(LlamaChatDefaults.TopK, p.TopK);
        Assert.Equal(LlamaChatDefaults.TopP, p.TopP);
        Assert.Equal(LlamaChatDefaults.MinP, p.MinP);
        Assert.Equal(LlamaChatDefaults.RepeatPenalty, p.RepeatPenalty);
        Assert.Equal(0, p.FrequencyPenalty);
        Assert.Equal(0, p.PresencePenalty);
        Assert.Null(p.Seed);
    }

    [Fact]
    public void Every_chat_option_and_additional_property_is_mapped()
    {
        var options = new ChatOptions
        {
            Temperature = 0.3f,
            TopP = 0.5f,
            TopK = 7,
            FrequencyPenalty = 0.25f,
            PresencePenalty = 0.75f,
            Seed = 1234,
            AdditionalProperties = new()
            {
                [LlamaChatDefaults.MinPKey] = 0.1,
                [LlamaChatDefaults.RepeatPenaltyKey] = "1.3",
                [LlamaChatDefaults.PenaltyLastNKey] = 32,
            },
        };

        var p = SamplingOptionsMapper.FromChatOptions(options);
        Assert.Equal(0.3f, p.Temperature);
        Assert.Equal(0.5f, p.TopP);
        Assert.Equal(7, p.TopK);
        Assert.Equal(0.25f, p.FrequencyPenalty);
        Assert.Equal(0.75f, p.PresencePenalty);
        Assert.Equal(1234u, p.Seed);
        Assert.Equal(0.1f, p.MinP);
        Assert.Equal(1.3f, p.RepeatPenalty);
        Assert.Equal(32, p.PenaltyLastN);
    }

    [Theory]
    [InlineData(-0.1f, null, null)]
    [InlineData(null, 0f, null)]
    [InlineData(null, 1.5f, null)]
    [InlineData(null, null, -1)]
    public void Out_of_range_values_are_argument_errors(float? temperature, float? topP, int? topK) =>
        Assert.Throws<ArgumentException>(() =>
            SamplingOptionsMapper.FromChatOptions(new ChatOptions { Temperature = temperature, TopP = topP, TopK = topK }));

    [Fact]
    public void A_non_numeric_additional_property_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => SamplingOptionsMapper.FromChatOptions(
            new ChatOptions { AdditionalProperties = new() { [LlamaChatDefaults.MinPKey] = new object() } }));
}

using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace LocalKernel.SemanticKernel.Tests;

public enum TemperatureUnit
{
    Celsius,
    Fahrenheit,
}

/// <summary>A Semantic Kernel plugin as users write them: [KernelFunction] methods, an enum parameter, no length limits.</summary>
public sealed class WeatherPlugin
{
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    [KernelFunction("get_forecast"), Description("Gets the forecast for a city.")]
    public string GetForecast([Description("The city")] string city, [Description("The unit")] TemperatureUnit unit)
    {
        lock (_calls)
        {
            _calls.Add($"get_forecast({city}, {unit})");
        }

        return $"FORECAST: sunny in {city}, 21 degrees {unit}";
    }
}

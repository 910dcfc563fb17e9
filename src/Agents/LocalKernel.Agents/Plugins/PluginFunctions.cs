using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Agents;

/// <summary>
/// Turns a plugin, a class whose public methods carry a <see cref="DescriptionAttribute"/>, into
/// <see cref="AIFunction"/>s for <see cref="ChatOptions.Tools"/>, the way Semantic Kernel plugins expose their
/// functions. Each method becomes one function (through <see cref="AIFunctionFactory"/>) bound to the plugin instance;
/// parameter descriptions come from <see cref="DescriptionAttribute"/>s on the parameters.
/// </summary>
/// <remarks>
/// Kept beside <see cref="AIFunctionFactory"/> because that makes one function from one method: it does not find a
/// class's tool methods, name them, or refuse overloads. Semantic Kernel's <c>KernelPluginFactory</c> does this for
/// <c>[KernelFunction]</c> methods, but would make Semantic Kernel a dependency of every agent.
/// </remarks>
/// <example>
/// <code>
/// public sealed class WeatherPlugin
/// {
///     [Description("Gets the forecast for a city")]
///     public string Forecast([Description("City name")] string city, int days = 1) => ...;
/// }
///
/// var options = new ChatOptions { Tools = [.. PluginFunctions.FromObject(new WeatherPlugin())] };
/// </code>
/// </example>
public static class PluginFunctions
{
    /// <summary>
    /// The functions of <paramref name="plugin"/>: its public instance methods with a <see cref="DescriptionAttribute"/>,
    /// in declaration order. Names are the method names (an <c>Async</c> suffix removed), prefixed with
    /// <paramref name="namePrefix"/> and an underscore when given.
    /// </summary>
    /// <param name="plugin">The object whose methods run when the model calls them.</param>
    /// <param name="namePrefix">Distinguishes plugins with methods of the same name, e.g. "weather".</param>
    /// <param name="serializerOptions">Options for binding arguments and serializing results; default
    /// <see cref="AIJsonUtilities.DefaultOptions"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plugin"/> is null.</exception>
    /// <exception cref="ArgumentException">The plugin has no described public method, or two functions get the same name.</exception>
    public static IReadOnlyList<AIFunction> FromObject(object plugin, string? namePrefix = null, JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var type = plugin.GetType();
        var functions = new List<AIFunction>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.MetadataToken))
        {
            if (method.GetCustomAttribute<DescriptionAttribute>() is not { } description || method.IsSpecialName || method.IsGenericMethodDefinition)
            {
                continue;
            }

            var name = method.Name.EndsWith("Async", StringComparison.Ordinal) && method.Name.Length > 5 ? method.Name[..^5] : method.Name;
            if (namePrefix is { Length: > 0 })
            {
                name = $"{namePrefix}_{name}";
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"Two methods of {type.Name} make a function named '{name}' (overloads are not supported).", nameof(plugin));
            }

            functions.Add(AIFunctionFactory.Create(method, plugin, new AIFunctionFactoryOptions
            {
                Name = name,
                Description = description.Description,
                SerializerOptions = serializerOptions ?? AIJsonUtilities.DefaultOptions,
            }));
        }

        return functions.Count > 0 ? functions
            : throw new ArgumentException($"{type.Name} has no public instance method with a [Description]: there is nothing to call.", nameof(plugin));
    }
}

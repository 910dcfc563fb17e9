using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// Builds the model of an application's record type (attributes or a definition) with VectorData's own provider
/// services, and says which .NET types the SQL collections store. Both stores accept the same types, so one record
/// class works on either.
/// </summary>
internal sealed class RecordModelBuilder() : CollectionModelBuilder(BuildingOptions)
{
    public const string DataTypes = "string, int, long, float, double, bool, Guid, DateTimeOffset, List<string>, string[] (and their nullable forms)";
    public const string VectorTypes = "ReadOnlyMemory<float>, float[], Embedding<float> (or a type the embedding generator embeds, such as string)";

    private static readonly CollectionModelBuildingOptions BuildingOptions = new()
    {
        RequiresAtLeastOneVector = false,
        SupportsMultipleVectors = true,
    };

    public static bool IsTextList(Type type) => type == typeof(List<string>) || type == typeof(string[]) || type == typeof(IList<string>) || type == typeof(IReadOnlyList<string>);

    public static bool IsNativeVector(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(ReadOnlyMemory<float>) || type == typeof(float[]) || type == typeof(Embedding<float>);
    }

    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = DataTypes;
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain == typeof(string) || plain == typeof(int) || plain == typeof(long) || plain == typeof(float) || plain == typeof(double)
            || plain == typeof(bool) || plain == typeof(Guid) || plain == typeof(DateTimeOffset) || IsTextList(plain);
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = VectorTypes;
        return IsNativeVector(type);
    }
}

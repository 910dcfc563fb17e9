namespace LocalKernel.Hosting.OpenAI;

/// <summary>Endpoint metadata: the endpoint runs a model, so it waits for a slot in the bounded queue first.</summary>
public sealed class GenerationSlotMetadata
{
    /// <summary>The one instance.</summary>
    public static GenerationSlotMetadata Instance { get; } = new();

    private GenerationSlotMetadata()
    {
    }
}

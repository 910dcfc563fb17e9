using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace LocalKernel.Samples.SemanticKernelQuickstart;

/// <summary>The room a light is in.</summary>
public enum Room
{
    /// <summary>The kitchen.</summary>
    Kitchen,

    /// <summary>The living room.</summary>
    LivingRoom,
}

/// <summary>A Semantic Kernel plugin: the model may switch lights on (its result is what the sample prints).</summary>
public sealed class LightsPlugin
{
    /// <summary>Switches the light of a room on.</summary>
    [KernelFunction("switch_on"), Description("Switches the light of a room on.")]
    public string SwitchOn([Description("The room")] Room room) => $"The {room} light is on.";
}

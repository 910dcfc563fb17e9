namespace LocalKernel.Samples.KnowledgeBase.Configuration;

/// <summary>One effective setting: its value (null when unset) and where it came from.</summary>
internal sealed record Setting<T>(T? Value, SettingSource Source, string Origin)
{
    /// <summary>Text for <c>kb config show</c>.</summary>
    public string Describe() => Source switch
    {
        SettingSource.CommandLine => $"command line ({Origin})",
        SettingSource.Environment => $"environment ({Origin})",
        SettingSource.ConfigFile => $"config file ({Origin})",
        _ => Origin,
    };
}

namespace LocalKernel.Samples.KnowledgeBase.Configuration;

/// <summary>Where an effective setting came from, in order of precedence (the first one wins).</summary>
internal enum SettingSource
{
    CommandLine,
    Environment,
    ConfigFile,
    Default,
}

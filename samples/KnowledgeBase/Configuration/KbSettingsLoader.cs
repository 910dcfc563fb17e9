using System.Globalization;
using System.Text.Json;
using LocalKernel.Samples.KnowledgeBase.Hosting;

namespace LocalKernel.Samples.KnowledgeBase.Configuration;

/// <summary>
/// Resolves every setting from, in order of precedence: the command line, environment variables (<c>KB_*</c>),
/// the JSON config file (<c>--config</c>, else <c>kb.json</c> in the current folder when it exists), the defaults.
/// </summary>
internal static class KbSettingsLoader
{
    public const string DefaultConfigFile = "kb.json";

    public static KbSettings Load(CommandLineSettings cli, Func<string, string?> environment, string currentDirectory)
    {
        var (configPath, config) = ReadConfigFile(cli.ConfigFile, currentDirectory);
        var configDirectory = configPath is null ? currentDirectory : System.IO.Path.GetDirectoryName(configPath)!;

        return new KbSettings(
            PathSetting("--store", cli.Store, "KB_STORE", "store", new Setting<string>(System.IO.Path.GetFullPath(KbSettings.DefaultStoreFile, currentDirectory), SettingSource.Default, "default: kb.db in the current folder")),
            PathSetting("--chat-model", cli.ChatModel, "KB_CHAT_MODEL", "chatModel", new Setting<string>(null, SettingSource.Default, "none: extractive answers")),
            PathSetting("--embedding-model", cli.EmbeddingModel, "KB_EMBEDDING_MODEL", "embeddingModel", new Setting<string>(null, SettingSource.Default, $"default: {BundledEmbeddingModel.Name}, bundled (none: keyword retrieval only)")),
            Number("--context-size", cli.ContextSize, "KB_CONTEXT_SIZE", "contextSize", min: 256, new Setting<int?>(KbSettings.DefaultContextSize, SettingSource.Default, "default")),
            Number("--gpu-layers", cli.GpuLayers, "KB_GPU_LAYERS", "gpuLayers", min: -1, new Setting<int?>(null, SettingSource.Default, "default: llama.cpp's own")),
            Number("--threads", cli.Threads, "KB_THREADS", "threads", min: 1, new Setting<int?>(null, SettingSource.Default, "default: adaptive, up to the physical cores")),
            new PostgresIndexSettings(
                Number(null, null, "KB_HNSW_M", "hnswM", min: 2, new Setting<int?>(null, SettingSource.Default, "default: pgvector's 16 (PostgreSQL stores)")),
                Number(null, null, "KB_HNSW_EF_CONSTRUCTION", "hnswEfConstruction", min: 4, new Setting<int?>(null, SettingSource.Default, "default: pgvector's 64 (PostgreSQL stores)")),
                Number(null, null, "KB_HNSW_EF_SEARCH", "hnswEfSearch", min: 1, new Setting<int?>(null, SettingSource.Default, "default: 100, or twice the results asked for (PostgreSQL stores)"))),
            configPath);

        // "none" switches a model off explicitly (the embedding model otherwise defaults to the bundled one).
        Setting<string> PathSetting(string option, string? fromCli, string variable, string key, Setting<string> fallback)
        {
            var setting = ResolvePath(option, fromCli, variable, key, fallback);
            return setting.Source != SettingSource.Default && string.Equals(System.IO.Path.GetFileName(setting.Value), "none", StringComparison.OrdinalIgnoreCase)
                ? new(null, setting.Source, setting.Origin + " = none")
                : setting;
        }

        Setting<string> ResolvePath(string option, string? fromCli, string variable, string key, Setting<string> fallback)
        {
            if (!string.IsNullOrWhiteSpace(fromCli))
            {
                return new(StoreLocation.Resolve(fromCli, currentDirectory), SettingSource.CommandLine, option);
            }

            if (environment(variable) is { Length: > 0 } fromEnvironment)
            {
                return new(StoreLocation.Resolve(fromEnvironment, currentDirectory), SettingSource.Environment, variable);
            }

            // Relative paths in the config file are relative to the file, so a kb.json can travel with its folder.
            return config.TryGetValue(key, out var element)
                ? new(StoreLocation.Resolve(ConfigString(element, key, configPath!), configDirectory), SettingSource.ConfigFile, $"{configPath}: {key}")
                : fallback;
        }

        Setting<int?> Number(string? option, int? fromCli, string variable, string key, int min, Setting<int?> fallback)
        {
            if (fromCli is { } value)
            {
                return new(Checked(value, option!), SettingSource.CommandLine, option!);
            }

            if (environment(variable) is { Length: > 0 } text)
            {
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                    ? new(Checked(parsed, variable), SettingSource.Environment, variable)
                    : throw new KbException($"{variable}='{text}' is not a whole number.");
            }

            if (config.TryGetValue(key, out var element))
            {
                return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var parsed)
                    ? new(Checked(parsed, $"{configPath}: {key}"), SettingSource.ConfigFile, $"{configPath}: {key}")
                    : throw new KbException($"{configPath}: '{key}' must be a whole number.");
            }

            return fallback;

            int Checked(int number, string where) =>
                number >= min ? number : throw new KbException($"{where} must be at least {min}, not {number}.");
        }
    }

    private static string ConfigString(JsonElement element, string key, string configPath) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text
            ? text
            : throw new KbException($"{configPath}: '{key}' must be a non-empty string.");

    private static (string? Path, Dictionary<string, JsonElement> Values) ReadConfigFile(string? explicitPath, string currentDirectory)
    {
        var path = explicitPath is null ? Path.Combine(currentDirectory, DefaultConfigFile) : Path.GetFullPath(explicitPath, currentDirectory);
        if (!File.Exists(path))
        {
            // Only a file asked for by name must exist; kb.json is optional.
            return explicitPath is null ? (null, []) : throw new KbException($"The config file '{path}' does not exist.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new KbException($"The config file '{path}' must hold a JSON object.");
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }

            return (path, values);
        }
        catch (JsonException e)
        {
            throw new KbException($"The config file '{path}' is not valid JSON: {e.Message}");
        }
        catch (IOException e)
        {
            throw new KbException($"Cannot read the config file '{path}': {e.Message}");
        }
    }
}

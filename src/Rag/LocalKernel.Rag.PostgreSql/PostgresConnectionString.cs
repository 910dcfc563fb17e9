using Npgsql;

namespace LocalKernel.Rag.PostgreSql;

/// <summary>
/// Recognises and normalises PostgreSQL connection strings: Npgsql's keyword form (<c>Host=…;Database=…</c>) and
/// the URI form (<c>postgres://user:password@host:port/database?sslmode=require</c>) libpq tools use.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>
    /// Whether <paramref name="value"/> names a PostgreSQL database rather than a file: a <c>postgres://</c> or
    /// <c>postgresql://</c> URI, or a keyword string with a <c>Host</c> (or <c>Server</c>) key.
    /// </summary>
    public static bool IsPostgres(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var trimmed = value.TrimStart();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A file name may contain '=' but not "Host=" as a ';'-separated key.
        return value.Split(';').Any(part =>
        {
            var key = part.Split('=', 2)[0].Trim();
            return part.Contains('=', StringComparison.Ordinal)
                && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase));
        });
    }

    /// <summary>The Npgsql keyword form of a keyword string or a <c>postgres://</c> URI.</summary>
    /// <exception cref="ArgumentException">The text is not a valid connection string; the message never repeats a password.</exception>
    public static string Normalize(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var trimmed = value.Trim();
        try
        {
            if (!trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                return new NpgsqlConnectionStringBuilder(trimmed).ConnectionString;
            }

            return FromUri(new Uri(trimmed, UriKind.Absolute));
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"Not a valid PostgreSQL connection string: {e.Message}", nameof(value), e);
        }
    }

    /// <summary>The connection string without its password, for messages and logs.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static string FromUri(Uri uri)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var setting = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;

            // libpq spells SSL mode "sslmode"; Npgsql's builder knows it as "SSL Mode".
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = setting;
        }

        return builder.ConnectionString;
    }
}

using Npgsql;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>
/// The test server: LOCALKERNEL_TEST_POSTGRES holds its connection string (.ci/postgres.sh provisions one). Without
/// it the PostgreSQL tests are skipped with that reason, except where LOCALKERNEL_TEST_POSTGRES_REQUIRED=1 (CI):
/// there a missing server is a failure, so CI never passes without running them.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "LOCALKERNEL_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The connection string, or a skip (a failure in CI) when there is none.</summary>
    public static string Require()
    {
        if (ConnectionString is { } cs)
        {
            return cs;
        }

        var reason = $"No PostgreSQL server: set {Variable} to a connection string of a database with pgvector available (.ci/postgres.sh provisions one).";
        if (Environment.GetEnvironmentVariable("LOCALKERNEL_TEST_POSTGRES_REQUIRED") == "1")
        {
            throw new InvalidOperationException("LOCALKERNEL_TEST_POSTGRES_REQUIRED=1 but " + reason);
        }

        Skip.If(true, reason);
        return null!;
    }

    /// <summary>A schema name no other test uses.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task DropSchemaAsync(string schema)
    {
        if (ConnectionString is not { } cs)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Require());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

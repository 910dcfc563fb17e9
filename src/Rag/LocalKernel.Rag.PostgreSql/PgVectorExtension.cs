using Npgsql;

namespace LocalKernel.Rag.PostgreSql;

/// <summary>
/// Finds or creates pgvector and makes its type and operators resolvable. They are looked up through the search path,
/// and a connection string whose <c>Search Path</c> names only a store's schema (the way <c>kb</c> picks a schema)
/// would not find them; <c>CREATE EXTENSION</c> on such a connection would also put pgvector inside that schema, where
/// dropping the schema drops it for every other store. So a missing extension is created in <c>public</c> (when that
/// schema exists), and the extension's schema is appended to every search path this library sets.
/// </summary>
public static class PgVectorExtension
{
    /// <summary>The schema pgvector is installed in, or null when it is not installed in this database.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The connection's transaction, if any.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The schema's name.</returns>
    public static async Task<string?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'", connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>
    /// Creates pgvector when missing (in <c>public</c> when that schema exists) and puts its schema on this
    /// connection's search path (for the transaction when one is given, else for the session).
    /// </summary>
    /// <param name="connection">An open connection whose role may create the extension when it is missing.</param>
    /// <param name="transaction">The connection's transaction, if any.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The schema pgvector is installed in.</returns>
    public static async Task<string> EnsureAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(connection, transaction, cancellationToken).ConfigureAwait(false) is not { } schema)
        {
            await using (var create = new NpgsqlCommand("SELECT to_regnamespace('public') IS NOT NULL", connection, transaction))
            {
                bool hasPublic = (bool)(await create.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                create.CommandText = hasPublic ? "CREATE EXTENSION IF NOT EXISTS vector SCHEMA public" : "CREATE EXTENSION IF NOT EXISTS vector";
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            schema = (await FindAsync(connection, transaction, cancellationToken).ConfigureAwait(false))!;
        }

        await using var path = new NpgsqlCommand("SELECT set_config('search_path', current_setting('search_path') || ', ' || quote_ident($1), $2)", connection, transaction);
        path.Parameters.AddWithValue(schema);
        path.Parameters.AddWithValue(transaction is not null);
        await path.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return schema;
    }

    /// <summary>
    /// The connection string with <paramref name="extensionSchema"/> appended to its <c>Search Path</c>. Without a
    /// search path of its own the string is returned as it is: the server's default path applies.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string (keyword form).</param>
    /// <param name="extensionSchema">The schema pgvector is installed in (<see cref="FindAsync"/>).</param>
    /// <returns>The connection string to build data sources from.</returns>
    public static string WithExtensionOnSearchPath(string connectionString, string extensionSchema)
    {
        ArgumentNullException.ThrowIfNull(extensionSchema);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.SearchPath))
        {
            return connectionString;
        }

        builder.SearchPath = builder.SearchPath + ", \"" + extensionSchema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return builder.ConnectionString;
    }
}

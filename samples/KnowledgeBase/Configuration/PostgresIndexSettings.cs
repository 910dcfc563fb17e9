namespace LocalKernel.Samples.KnowledgeBase.Configuration;

/// <summary>
/// The HNSW settings of a PostgreSQL store (ignored for SQLite): <c>hnswM</c> and <c>hnswEfConstruction</c> apply when
/// the vector index is built (a new store, <c>kb reindex</c>), <c>hnswEfSearch</c> to every search. Environment (<c>KB_HNSW_*</c>) or
/// kb.json only: they matter for large stores, where the defaults (pgvector's 16 / 64, ef_search 100) lose recall.
/// </summary>
internal sealed record PostgresIndexSettings(Setting<int?> M, Setting<int?> EfConstruction, Setting<int?> EfSearch);

namespace TradingEngine.Timescale.Migrations;

/// <summary>
/// One schema version. <see cref="Transactional"/> migrations run in one transaction with their
/// <c>schema_migrations</c> row; the others (TimescaleDB's continuous aggregates refuse transactions) run statement
/// by statement and are written to be re-runnable (<c>IF NOT EXISTS</c>), with the row inserted last.
/// </summary>
public sealed record Migration(int Version, string Name, IReadOnlyList<string> Statements, bool Transactional = true);

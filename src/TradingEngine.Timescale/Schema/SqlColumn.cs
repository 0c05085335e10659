namespace TradingEngine.Timescale.Schema;

/// <summary>One column of a sink table: its name, PostgreSQL type, nullability and optional default.</summary>
internal sealed record SqlColumn(string Name, string Type, bool NotNull = true, string? Default = null);

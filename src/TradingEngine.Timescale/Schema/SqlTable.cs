using System.Text;

namespace TradingEngine.Timescale.Schema;

/// <summary>
/// A table as one description: its columns in storage order (the order of <c>CREATE TABLE</c>, of the binary COPY
/// and of <see cref="Sink.SinkRowWriter"/>'s writes), table constraints, indexes and the comments a reader of the DDL
/// sees. <see cref="CreateStatement"/> renders the DDL of migration 1; <see cref="ColumnList"/> the COPY column list.
/// </summary>
internal sealed record SqlTable(
    string Name,
    IReadOnlyList<SqlColumn> Columns,
    IReadOnlyList<string> Constraints,
    IReadOnlyList<(string Name, string Columns)> Indexes,
    string? Comment = null,
    string? IndexComment = null)
{
    /// <summary>The column names, comma separated, in storage order.</summary>
    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));

    /// <summary><c>CREATE TABLE</c> and <c>CREATE INDEX</c> statements, with names and types aligned in columns.</summary>
    public string CreateStatement()
    {
        var nameWidth = Columns.Max(c => c.Name.Length) + 1;
        var typeWidth = Columns.Max(c => c.Type.Length) + 1;
        var sb = new StringBuilder();
        if (Comment is not null)
            sb.Append(Comment).Append('\n');
        sb.Append("CREATE TABLE IF NOT EXISTS ").Append(Name).Append(" (\n");
        var lines = new List<string>();
        foreach (var c in Columns)
        {
            var line = "    " + c.Name.PadRight(nameWidth);
            if (c.NotNull || c.Default is not null)
            {
                line += c.Type.PadRight(typeWidth) + (c.NotNull ? "NOT NULL" : "").TrimEnd();
                if (c.Default is not null)
                    line += " DEFAULT " + c.Default;
            }
            else
            {
                line += c.Type;
            }
            lines.Add(line);
        }
        lines.AddRange(Constraints.Select(c => "    " + c));
        sb.Append(string.Join(",\n", lines)).Append("\n);");
        if (IndexComment is not null)
            sb.Append('\n').Append(IndexComment);
        foreach (var (index, columns) in Indexes)
            sb.Append("\nCREATE INDEX IF NOT EXISTS ").Append(index).Append(" ON ").Append(Name).Append(" (").Append(columns).Append(");");
        return sb.ToString();
    }
}

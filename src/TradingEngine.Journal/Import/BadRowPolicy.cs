namespace TradingEngine.Journal.Import;

/// <summary>
/// What an importer does with a row a validator objects to. Rows that cannot be parsed at all
/// (<see cref="RowIssue.Malformed"/>) are always rejected: there is nothing exact to keep.
/// Either way the row is counted in the file's <see cref="ImportReport"/>.
/// </summary>
public enum BadRowPolicy : byte
{
    /// <summary>Keep the row and mark it (<c>TickFlags.Flagged</c>, <c>QuoteFlags.Flagged</c>), so replay sees exactly what the vendor sent.</summary>
    Flag = 0,
    /// <summary>Drop the row.</summary>
    Reject = 1,
}

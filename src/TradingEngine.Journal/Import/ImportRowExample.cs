namespace TradingEngine.Journal.Import;

/// <summary>One bad row as a report shows it: its 1-based line number in the file and what was wrong with it.</summary>
public readonly record struct ImportRowExample(long Line, string Detail);

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>One structure event: which core, the bar being folded, the bar it refers to, the bar it says emitted it.</summary>
internal readonly record struct StructureRecord(string Kind, long Bar, long RefersTo, long EmittedBy, string Text);

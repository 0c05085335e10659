namespace TradingEngine.Journal.Import;

/// <summary>Which instant a vendor's bar timestamp names. Candles here are labelled by their start; importers convert.</summary>
public enum BarLabel : byte
{
    Start = 0,
    /// <summary>The timestamp is the bar's close (Nautilus): the bar started one timeframe earlier.</summary>
    End = 1,
}

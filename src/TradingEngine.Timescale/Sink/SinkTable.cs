using TradingEngine.Types;

namespace TradingEngine.Timescale.Sink;

/// <summary>The table a record lands in; one binary COPY per table per batch.</summary>
internal enum SinkTable : byte
{
    Ticks = 0,
    Candles = 1,
    MarketStructure = 2,
    Indicators = 3,
    VolumeAnalysis = 4,
    StrategySignals = 5,
    Positions = 6,
}

/// <summary>Routing from the message catalog to <see cref="SinkTable"/>.</summary>
internal static class SinkTables
{
    public const int Count = 7;

    /// <summary>The SQL name of <paramref name="table"/> (<see cref="Schema.SinkSchema"/>).</summary>
    public static string Name(SinkTable table) => Schema.SinkSchema.Of(table).Name;

    /// <summary>
    /// The table of one output slot: as <see cref="TryRoute(MessageType, out SinkTable)"/>, except that a
    /// <see cref="NodeValue"/> is stored only when its pipeline marked it <c>persist:</c> (one marked only
    /// <c>publish:</c> goes to NATS, not to the database).
    /// </summary>
    public static bool TryRoute(in OutputMessage message, out SinkTable table)
    {
        if (message.Kind == MessageType.NodeValue && !message.NodeValue.Persist)
        {
            table = default;
            return false;
        }
        return TryRoute(message.Kind, out table);
    }

    /// <summary>False for kinds the sink does not store (quotes, timers, gaps, none).</summary>
    public static bool TryRoute(MessageType kind, out SinkTable table)
    {
        switch (kind)
        {
            case MessageType.Tick: table = SinkTable.Ticks; return true;
            case MessageType.Candle: table = SinkTable.Candles; return true;
            case >= MessageType.SwingPoint and <= MessageType.BreakOfStructure: table = SinkTable.MarketStructure; return true;
            case >= MessageType.VolumeProfile and <= MessageType.CumulativeDelta: table = SinkTable.VolumeAnalysis; return true;
            case >= MessageType.MovingAverage and <= MessageType.NodeValue: table = SinkTable.Indicators; return true;
            case MessageType.TradeSignal or MessageType.RiskMetric: table = SinkTable.StrategySignals; return true;
            case MessageType.PositionUpdate: table = SinkTable.Positions; return true;
            default: table = default; return false;
        }
    }
}

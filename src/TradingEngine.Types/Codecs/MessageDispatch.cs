namespace TradingEngine.Types;

/// <summary>An operation run on the typed payload of a union slot (resolved per type at JIT time).</summary>
internal interface IMessageOperation
{
    void Run<T>(ref T message) where T : struct, ICatalogMessage<T>;
}

/// <summary>Switches a <see cref="MarketEvent"/> or <see cref="OutputMessage"/> slot to its typed payload.</summary>
internal static class MessageDispatch
{
    public static bool IsMarketEvent(MessageType type) => type is >= MessageType.Tick and <= MessageType.Gap;

    public static bool Run<TOp>(ref MarketEvent e, MessageType type, ref TOp op) where TOp : IMessageOperation, allows ref struct
    {
        switch (type)
        {
            case MessageType.Tick: op.Run(ref e.Tick); return true;
            case MessageType.Quote: op.Run(ref e.Quote); return true;
            case MessageType.Candle: op.Run(ref e.Candle); return true;
            case MessageType.Timer: op.Run(ref e.Timer); return true;
            case MessageType.Gap: op.Run(ref e.Gap); return true;
            default: return false;
        }
    }

    public static bool Run<TOp>(ref OutputMessage m, MessageType type, ref TOp op) where TOp : IMessageOperation, allows ref struct
    {
        switch (type)
        {
            case MessageType.Candle: op.Run(ref m.Candle); return true;
            case MessageType.SwingPoint: op.Run(ref m.SwingPoint); return true;
            case MessageType.FairValueGap: op.Run(ref m.FairValueGap); return true;
            case MessageType.OrderBlock: op.Run(ref m.OrderBlock); return true;
            case MessageType.LiquidityLevel: op.Run(ref m.LiquidityLevel); return true;
            case MessageType.BreakOfStructure: op.Run(ref m.BreakOfStructure); return true;
            case MessageType.VolumeProfile: op.Run(ref m.VolumeProfile); return true;
            case MessageType.DeltaVolume: op.Run(ref m.DeltaVolume); return true;
            case MessageType.Footprint: op.Run(ref m.Footprint); return true;
            case MessageType.CumulativeDelta: op.Run(ref m.CumulativeDelta); return true;
            case MessageType.MovingAverage: op.Run(ref m.MovingAverage); return true;
            case MessageType.Vwap: op.Run(ref m.Vwap); return true;
            case MessageType.Rsi: op.Run(ref m.Rsi); return true;
            case MessageType.Atr: op.Run(ref m.Atr); return true;
            case MessageType.NodeValue: op.Run(ref m.NodeValue); return true;
            case MessageType.TradeSignal: op.Run(ref m.TradeSignal); return true;
            case MessageType.PositionUpdate: op.Run(ref m.PositionUpdate); return true;
            case MessageType.RiskMetric: op.Run(ref m.RiskMetric); return true;
            default: return false;
        }
    }
}

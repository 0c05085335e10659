using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

/// <summary>
/// One output message of every stored kind for a tick, with prices derived from the tick (exact, at the tick's
/// precision), so a load carries the real mix of tables.
/// </summary>
public static class SampleOutputs
{
    /// <summary>The kinds, in the order <see cref="For"/> emits them (17 per input with a new bar, 16 otherwise).</summary>
    public static readonly MessageType[] Kinds =
    [
        MessageType.Candle, MessageType.SwingPoint, MessageType.FairValueGap, MessageType.OrderBlock, MessageType.LiquidityLevel,
        MessageType.BreakOfStructure, MessageType.VolumeProfile, MessageType.DeltaVolume, MessageType.Footprint,
        MessageType.CumulativeDelta, MessageType.MovingAverage, MessageType.Vwap, MessageType.Rsi, MessageType.Atr,
        MessageType.TradeSignal, MessageType.PositionUpdate, MessageType.RiskMetric,
    ];

    /// <summary>The candle of the tick's bar comes only with the bar's first tick, as a closed bar would once per bar.</summary>
    public static IEnumerable<OutputMessage> For(in Tick tick, long sequence, Timeframe timeframe, bool newBar)
    {
        var t = tick.EventTime;
        var p = tick.PriceRaw;
        var pp = tick.PricePrecision;
        var sp = tick.SizePrecision;
        var s = tick.Symbol;
        var open = t - t % timeframe.Nanos;
        var list = new List<OutputMessage>
        {
            Make(new Candle
            {
                Symbol = s, Timeframe = timeframe, PricePrecision = pp, SizePrecision = sp, Flags = CandleFlags.Closed, TickCount = 3,
                OpenTime = open, CloseTime = open + timeframe.Nanos, OpenRaw = p - 10, HighRaw = p + 20, LowRaw = p - 30, CloseRaw = p,
                VolumeRaw = tick.SizeRaw * 3, LastEventTime = t,
            }, -1, sequence),
            Make(new SwingPoint { Symbol = s, Timeframe = timeframe, EventTime = t, PricePrecision = pp, Side = SwingSide.High, Strength = 2, PriceRaw = p, PivotTime = t - 1000 }, 1, sequence),
            Make(new FairValueGap { Symbol = s, Timeframe = timeframe, EventTime = t, PricePrecision = pp, Direction = StructureDirection.Bullish, State = ZoneState.Active, TopRaw = p + 5, BottomRaw = p - 5, FormedTime = t - 2000 }, 2, sequence),
            Make(new OrderBlock { Symbol = s, Timeframe = timeframe, EventTime = t, PricePrecision = pp, SizePrecision = sp, Direction = StructureDirection.Bearish, State = ZoneState.Filled, TopRaw = p + 7, BottomRaw = p - 7, OriginTime = t - 3000, VolumeRaw = 42 }, 3, sequence),
            Make(new LiquidityLevel { Symbol = s, Timeframe = timeframe, EventTime = t, PricePrecision = pp, Side = LiquiditySide.BuySide, State = ZoneState.Active, Touches = 3, PriceRaw = p + 1, FormedTime = t - 4000 }, 4, sequence),
            Make(new BreakOfStructure { Symbol = s, Timeframe = timeframe, EventTime = t, PricePrecision = pp, Direction = StructureDirection.Bullish, Kind = BreakKind.ChangeOfCharacter, LevelRaw = p - 2, BreakPriceRaw = p, SwingTime = t - 5000 }, 5, sequence),
            Make(new VolumeProfile { Symbol = s, Timeframe = timeframe, EventTime = t, PricePrecision = pp, SizePrecision = sp, ValueAreaBasisPoints = 7000, LevelCount = 12, PocRaw = p, VahRaw = p + 9, ValRaw = p - 9, TotalVolumeRaw = 1000, SessionStart = open }, 6, sequence),
            Make(new DeltaVolume { Symbol = s, Timeframe = timeframe, EventTime = t, SizePrecision = sp, BuyVolumeRaw = 7, SellVolumeRaw = 11, BarTime = open }, 7, sequence),
            Make(new Footprint { Symbol = s, Timeframe = timeframe, EventTime = t, PricePrecision = pp, SizePrecision = sp, BuyImbalances = 2, SellImbalances = 1, MaxStackedImbalances = 2, LevelCount = 5, BarTime = open, PocRaw = p, MaxImbalancePriceRaw = p + 3, MaxImbalanceRatio = 4.5, DeltaRaw = -4, TotalVolumeRaw = 18 }, 8, sequence),
            Make(new CumulativeDelta { Symbol = s, Timeframe = timeframe, EventTime = t, SizePrecision = sp, ValueRaw = -123, SessionStart = open }, 9, sequence),
            Make(new MovingAverage { Symbol = s, Timeframe = timeframe, EventTime = t, Kind = MovingAverageKind.Ema, Period = 21, Value = p / 100.0 + 0.125 }, 10, sequence),
            Make(new Vwap { Symbol = s, Timeframe = timeframe, EventTime = t, SessionStart = open, Value = 1.5, Upper1 = 2.5, Lower1 = 0.5, Upper2 = 3.5, Lower2 = -0.5 }, 11, sequence),
            Make(new Rsi { Symbol = s, Timeframe = timeframe, EventTime = t, Period = 14, Value = 55.25 }, 12, sequence),
            Make(new Atr { Symbol = s, Timeframe = timeframe, EventTime = t, Period = 14, Value = 1.75 }, 13, sequence),
            Make(new TradeSignal { Symbol = s, Timeframe = timeframe, EventTime = t, Action = SignalAction.Entry, Side = PositionSide.Long, PricePrecision = pp, ReasonCode = 7, PriceRaw = p, Triggers = NodeIdList.Of(3, 10) }, 14, sequence),
            Make(new PositionUpdate { Symbol = s, Timeframe = timeframe, EventTime = t, Side = PositionSide.Long, PricePrecision = pp, SizePrecision = sp, QuantityRaw = 2, MarkPriceRaw = p, AveragePrice = 1.25, RealizedPnl = -3.5, UnrealizedPnl = 4.25 }, 15, sequence),
            Make(new RiskMetric { Symbol = s, Timeframe = timeframe, EventTime = t, Side = PositionSide.Long, PricePrecision = pp, SizePrecision = sp, EntryRaw = p, StopRaw = p - 50, TargetRaw = p + 100, PositionSizeRaw = 3, RMultiple = 2.0 }, 14, sequence),
        };
        if (!newBar)
            list.RemoveAt(0);
        return list;
    }

    public static readonly string[] NodeNames =
        ["aggregator", "swings", "fvg", "order_blocks", "liquidity", "bos", "profile", "delta", "footprint", "cum_delta", "ema_fast", "vwap", "rsi", "atr", "breakout", "position"];

    private static OutputMessage Make<T>(T payload, int node, long sequence) where T : struct, ICatalogMessage<T> =>
        OutputMessage.From(payload, node, sequence);
}

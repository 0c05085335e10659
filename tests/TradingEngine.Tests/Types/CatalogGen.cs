using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CsCheck;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>
/// CsCheck generators of valid catalog messages: random precisions 0..9, raw values over the whole long range
/// (prices positive, sizes non-negative, deltas any but long.MinValue, whose magnitude has no decimal text in range),
/// nanosecond times over the whole long range, every enum member, optional fields present or absent.
/// </summary>
public static class CatalogGen
{
    public static readonly SymbolRegistry Symbols = CreateSymbols();

    private static SymbolRegistry CreateSymbols()
    {
        var s = new SymbolRegistry();
        foreach (var name in new[] { "ES", "NQ", "6E", "GC", "SPY", "AIG", "BAC", "IBM", "BTC-PERP" })
            s.GetOrAdd(name);
        return s;
    }

    /// <summary>The random material one message is built from (arrays shrink well).</summary>
    public sealed record Seed(int PricePrecision, int SizePrecision, long[] L, double[] D, byte[] B, int Timeframe);

    public static readonly Gen<Seed> Seeds =
        from pp in Gen.Int[0, FixedPoint.MaxPrecision]
        from sp in Gen.Int[0, FixedPoint.MaxPrecision]
        from l in Gen.Long.Array[16]
        from d in Gen.Double[-1e15, 1e15].Array[6]
        from b in Gen.Byte.Array[16]
        from tf in Gen.OneOf(Gen.Const(0), Gen.Int[1, Timeframe.MaxSeconds], Gen.OneOf(60, 300, 900, 3600, 86_400, 5400))
        select new Seed(pp, sp, l, d, b, tf);

    public static Gen<T> For<T>(Func<Seed, T> build) => Seeds.Select(build);

    // value shapes
    public static long Pos(long x) => x == long.MinValue ? 1 : Math.Max(1, Math.Abs(x));
    public static long NonNeg(long x) => x == long.MinValue ? 0 : Math.Abs(x);
    public static long Any(long x) => x == long.MinValue ? long.MinValue + 1 : x;
    public static long NonZero(long x) => x == 0 ? 1 : x;
    public static bool Bit(byte b, int bit) => (b & (1 << bit)) != 0;

    public static TEnum EnumOf<TEnum>(byte b) where TEnum : unmanaged, Enum
    {
        var values = Enum.GetValues<TEnum>();
        return values[b % values.Length];
    }

    public static SymbolId Symbol(byte b) => new(1 + b % Symbols.Count);
    public static Timeframe Tf(int seconds) => seconds == 0 ? default : new Timeframe(seconds);

    public static ushort Venue(byte a, byte b) =>
        Bit(a, 7) ? (ushort)0 : (ushort)((0x21 + a % 94) | (Bit(b, 7) ? (0x21 + b % 94) << 8 : 0));

    /// <summary>0..6 trigger inputs (more than <see cref="TriggerValues.Capacity"/> carried: truncated), some absent.</summary>
    public static TriggerValues Values(Seed s)
    {
        var values = default(TriggerValues);
        var inputs = s.B[3] % 7;
        for (var i = 0; i < inputs; i++)
            values.Add(s.D[i % s.D.Length], !Bit(s.B[4], i));
        return values;
    }

    public static NodeIdList Nodes(long x)
    {
        var list = default(NodeIdList);
        var count = (int)((ulong)x % 5);
        for (var i = 0; i < count; i++)
            list.TryAdd((ushort)(x >> (16 * i)));
        return list;
    }

    public static readonly Gen<Tick> Tick = For(s =>
    {
        var t = new Tick
        {
            Symbol = Symbol(s.B[0]), PricePrecision = (byte)s.PricePrecision, SizePrecision = (byte)s.SizePrecision,
            Side = EnumOf<AggressorSide>(s.B[1]), EventTime = s.L[0], ReceiveTime = s.L[1], PriceRaw = Pos(s.L[2]),
            SizeRaw = NonNeg(s.L[3]), Conditions = (uint)s.L[4], Venue = Venue(s.B[2], s.B[3]),
        };
        if (Bit(s.B[4], 0)) { t.BidRaw = Pos(s.L[5]); t.Flags |= TickFlags.HasBid; }
        if (Bit(s.B[4], 1)) { t.AskRaw = Pos(s.L[6]); t.Flags |= TickFlags.HasAsk; }
        if (Bit(s.B[4], 2)) t.Flags |= TickFlags.Suspicious;
        if (Bit(s.B[4], 3)) t.Flags |= TickFlags.Flagged;
        return t;
    });

    /// <summary>A quote always has its bid side here, so the decimals of the text carry its precision.</summary>
    public static readonly Gen<Quote> Quote = For(s =>
    {
        var q = new Quote
        {
            Symbol = Symbol(s.B[0]), PricePrecision = (byte)s.PricePrecision, SizePrecision = (byte)s.SizePrecision,
            EventTime = s.L[0], ReceiveTime = s.L[1], BidRaw = Pos(s.L[2]), BidSizeRaw = NonNeg(s.L[3]),
            Conditions = (uint)s.L[4], Venue = Venue(s.B[2], s.B[3]),
            Flags = (Bit(s.B[4], 2) ? QuoteFlags.Suspicious : 0) | (Bit(s.B[4], 3) ? QuoteFlags.Flagged : 0),
        };
        if (Bit(s.B[4], 1)) { q.AskRaw = Pos(s.L[5]); q.AskSizeRaw = NonNeg(s.L[6]); }
        return q;
    });

    public static readonly Gen<Candle> Candle = For(s =>
    {
        Span<long> p = [Pos(s.L[2]), Pos(s.L[3]), Pos(s.L[4]), Pos(s.L[5])];
        p.Sort();
        var open = s.L[6] >> 1;
        return new Candle
        {
            Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), PricePrecision = (byte)s.PricePrecision,
            SizePrecision = (byte)s.SizePrecision, Flags = (CandleFlags)(s.B[4] & 7), TickCount = (int)(NonNeg(s.L[7]) >> 32),
            OpenTime = open, CloseTime = open + 1 + NonNeg(s.L[0] >> 2), LowRaw = p[0], HighRaw = p[3],
            OpenRaw = Bit(s.B[5], 0) ? p[1] : p[2], CloseRaw = Bit(s.B[5], 0) ? p[2] : p[1], VolumeRaw = NonNeg(s.L[8]),
            LastEventTime = s.L[9], ReceiveTime = s.L[10],
        };
    });

    public static readonly Gen<TimerEvent> Timer = For(s => new TimerEvent { Symbol = Symbol(s.B[0]), EventTime = s.L[0], ReceiveTime = s.L[1] });

    public static readonly Gen<GapEvent> Gap = For(s => new GapEvent
    {
        Symbol = Symbol(s.B[0]), Reason = EnumOf<GapReason>(s.B[1]), EventTime = s.L[0], ReceiveTime = s.L[1], LostCount = NonNeg(s.L[2]),
    });

    public static readonly Gen<SwingPoint> SwingPoint = For(s => new SwingPoint
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], PricePrecision = (byte)s.PricePrecision,
        Side = EnumOf<SwingSide>(s.B[1]), Strength = (ushort)s.L[1], PriceRaw = Pos(s.L[2]), PivotTime = s.L[3],
    });

    public static readonly Gen<FairValueGap> FairValueGap = For(s => new FairValueGap
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], PricePrecision = (byte)s.PricePrecision,
        Direction = EnumOf<StructureDirection>(s.B[1]), State = EnumOf<ZoneState>(s.B[2]), TopRaw = Pos(s.L[1]), BottomRaw = Pos(s.L[2]), FormedTime = s.L[3],
    });

    public static readonly Gen<OrderBlock> OrderBlock = For(s => new OrderBlock
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], PricePrecision = (byte)s.PricePrecision,
        SizePrecision = (byte)s.SizePrecision, Direction = EnumOf<StructureDirection>(s.B[1]), State = EnumOf<ZoneState>(s.B[2]),
        TopRaw = Pos(s.L[1]), BottomRaw = Pos(s.L[2]), OriginTime = s.L[3], VolumeRaw = NonNeg(s.L[4]),
    });

    public static readonly Gen<LiquidityLevel> LiquidityLevel = For(s => new LiquidityLevel
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], PricePrecision = (byte)s.PricePrecision,
        Side = EnumOf<LiquiditySide>(s.B[1]), State = EnumOf<ZoneState>(s.B[2]), Touches = (int)(NonNeg(s.L[1]) >> 32), PriceRaw = Pos(s.L[2]), FormedTime = s.L[3],
    });

    public static readonly Gen<BreakOfStructure> BreakOfStructure = For(s => new BreakOfStructure
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], PricePrecision = (byte)s.PricePrecision,
        Direction = EnumOf<StructureDirection>(s.B[1]), Kind = EnumOf<BreakKind>(s.B[2]), LevelRaw = Pos(s.L[1]), BreakPriceRaw = Pos(s.L[2]), SwingTime = s.L[3],
    });

    public static readonly Gen<VolumeProfile> VolumeProfile = For(s => new VolumeProfile
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], PricePrecision = (byte)s.PricePrecision,
        SizePrecision = (byte)s.SizePrecision, ValueAreaBasisPoints = (ushort)s.L[1], LevelCount = (int)(NonNeg(s.L[2]) >> 32),
        PocRaw = Pos(s.L[3]), VahRaw = Pos(s.L[4]), ValRaw = Pos(s.L[5]), TotalVolumeRaw = NonNeg(s.L[6]), SessionStart = s.L[7],
    });

    public static readonly Gen<DeltaVolume> DeltaVolume = For(s => new DeltaVolume
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], SizePrecision = (byte)s.SizePrecision,
        BuyVolumeRaw = NonNeg(s.L[1]), SellVolumeRaw = NonNeg(s.L[2]), BarTime = s.L[3],
    });

    public static readonly Gen<Footprint> Footprint = For(s => new Footprint
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], PricePrecision = (byte)s.PricePrecision,
        SizePrecision = (byte)s.SizePrecision, BuyImbalances = (ushort)s.L[1], SellImbalances = (ushort)(s.L[1] >> 16),
        MaxStackedImbalances = (ushort)(s.L[1] >> 32), LevelCount = (int)(NonNeg(s.L[2]) >> 32), BarTime = s.L[3], PocRaw = Pos(s.L[4]),
        MaxImbalancePriceRaw = Bit(s.B[1], 0) ? Pos(s.L[5]) : 0, MaxImbalanceRatio = Math.Abs(s.D[0]), DeltaRaw = Any(s.L[6]), TotalVolumeRaw = NonNeg(s.L[7]),
    });

    public static readonly Gen<CumulativeDelta> CumulativeDelta = For(s => new CumulativeDelta
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], SizePrecision = (byte)s.SizePrecision,
        ValueRaw = Any(s.L[1]), SessionStart = s.L[2],
    });

    public static readonly Gen<MovingAverage> MovingAverage = For(s => new MovingAverage
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], Kind = EnumOf<MovingAverageKind>(s.B[1]),
        Period = (ushort)s.L[1], Value = s.D[0],
    });

    public static readonly Gen<Vwap> Vwap = For(s => new Vwap
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], SessionStart = s.L[1],
        Value = s.D[0], Upper1 = s.D[1], Lower1 = s.D[2], Upper2 = s.D[3], Lower2 = s.D[4],
    });

    public static readonly Gen<Rsi> Rsi = For(s => new Rsi
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], Period = (ushort)s.L[1], Value = Math.Abs(s.D[0]) % 100,
    });

    public static readonly Gen<Atr> Atr = For(s => new Atr
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], Period = (ushort)s.L[1], Value = Math.Abs(s.D[0]),
    });

    public static readonly Gen<NodeValue> NodeValue = For(s => new NodeValue
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], Port = (ushort)s.L[1], Persist = (s.B[1] & 1) != 0,
        Value = s.D[0],
    });

    public static readonly Gen<TradeSignal> TradeSignal = For(s => new TradeSignal
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], Action = EnumOf<SignalAction>(s.B[1]),
        Side = EnumOf<PositionSide>(s.B[2]), PricePrecision = (byte)s.PricePrecision, ReasonCode = (ushort)s.L[1],
        PriceRaw = Pos(s.L[2]), Triggers = Nodes(s.L[3]), TriggerValues = Values(s),
    });

    public static readonly Gen<PositionUpdate> PositionUpdate = For(s => new PositionUpdate
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], Side = EnumOf<PositionSide>(s.B[1]),
        PricePrecision = (byte)s.PricePrecision, SizePrecision = (byte)s.SizePrecision, QuantityRaw = NonNeg(s.L[1]),
        MarkPriceRaw = Pos(s.L[2]), AveragePrice = Math.Abs(s.D[0]), RealizedPnl = s.D[1], UnrealizedPnl = s.D[2],
    });

    public static readonly Gen<RiskMetric> RiskMetric = For(s => new RiskMetric
    {
        Symbol = Symbol(s.B[0]), Timeframe = Tf(s.Timeframe), EventTime = s.L[0], Side = EnumOf<PositionSide>(s.B[1]),
        PricePrecision = (byte)s.PricePrecision, SizePrecision = (byte)s.SizePrecision, EntryRaw = Pos(s.L[1]), StopRaw = Pos(s.L[2]),
        TargetRaw = Pos(s.L[3]), PositionSizeRaw = NonNeg(s.L[4]), RMultiple = Math.Abs(s.D[0]),
    });

    /// <summary>Byte-for-byte equality of two unmanaged structs (padding included: both come from zeroed memory).</summary>
    public static bool SameBytes<T>(in T a, in T b) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in a)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in b)));

    public static string Hex<T>(in T a) where T : unmanaged => Convert.ToHexString(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in a)));

    public static int SizeOf<T>() where T : unmanaged => Unsafe.SizeOf<T>();
}

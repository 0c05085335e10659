using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// One output-ring slot: a tagged union of everything a symbol executor emits (closed candles, market
/// structure, volume analysis, indicators, strategy messages). Publishers and sinks switch on <see cref="Kind"/>.
/// <para>Layout (104 bytes): [0] <see cref="Kind"/>, [4] <see cref="NodeId"/> (the compiled DAG's node index,
/// −1 for the candle aggregator), [8] <see cref="SourceSequence"/> (source position of the input that produced
/// it: journal or JetStream sequence, the sink's exactly-once watermark), [16] the payload; the largest payload
/// is <see cref="Candle"/> (88 bytes).</para>
/// </summary>
[StructLayout(LayoutKind.Explicit)]
public struct OutputMessage
{
    public const int PayloadOffset = 16;

    [FieldOffset(0)] public MessageType Kind;
    [FieldOffset(4)] public int NodeId;
    [FieldOffset(8)] public long SourceSequence;
    [FieldOffset(16)] public Candle Candle;
    [FieldOffset(16)] public SwingPoint SwingPoint;
    [FieldOffset(16)] public FairValueGap FairValueGap;
    [FieldOffset(16)] public OrderBlock OrderBlock;
    [FieldOffset(16)] public LiquidityLevel LiquidityLevel;
    [FieldOffset(16)] public BreakOfStructure BreakOfStructure;
    [FieldOffset(16)] public VolumeProfile VolumeProfile;
    [FieldOffset(16)] public DeltaVolume DeltaVolume;
    [FieldOffset(16)] public Footprint Footprint;
    [FieldOffset(16)] public CumulativeDelta CumulativeDelta;
    [FieldOffset(16)] public MovingAverage MovingAverage;
    [FieldOffset(16)] public Vwap Vwap;
    [FieldOffset(16)] public Rsi Rsi;
    [FieldOffset(16)] public Atr Atr;
    [FieldOffset(16)] public NodeValue NodeValue;
    [FieldOffset(16)] public TradeSignal TradeSignal;
    [FieldOffset(16)] public PositionUpdate PositionUpdate;
    [FieldOffset(16)] public RiskMetric RiskMetric;

    /// <summary>Every payload begins with its symbol (offset 16 for all kinds).</summary>
    [FieldOffset(16)] public SymbolId Symbol;

    /// <summary>Every output payload but <see cref="Candle"/> has its timeframe at offset 20 (the candle's is there too).</summary>
    [FieldOffset(20)] public Timeframe Timeframe;

    /// <summary>The kinds this union can carry.</summary>
    public static bool CanCarry(MessageType kind) => kind is MessageType.Candle
        or (>= MessageType.SwingPoint and <= MessageType.BreakOfStructure)
        or (>= MessageType.VolumeProfile and <= MessageType.CumulativeDelta)
        or (>= MessageType.MovingAverage and <= MessageType.NodeValue)
        or (>= MessageType.TradeSignal and <= MessageType.RiskMetric);

    /// <summary>Event time of whatever the slot carries (a candle's is its open time, like its JSON timestamp).</summary>
    public readonly long EventTime => Kind == MessageType.Candle ? Candle.OpenTime
        : Kind == MessageType.None ? 0
        : SwingPoint.EventTime; // every other payload has EventTime at payload offset 8

    public static OutputMessage From<T>(in T payload, int nodeId, long sourceSequence = 0) where T : struct, ICatalogMessage<T>
    {
        var m = new OutputMessage { NodeId = nodeId, SourceSequence = sourceSequence };
        m.Set(payload);
        return m;
    }

    /// <summary>Writes <paramref name="payload"/> into the slot and sets <see cref="Kind"/>.</summary>
    public void Set<T>(in T payload) where T : struct, ICatalogMessage<T>
    {
        if (!CanCarry(T.Type))
            throw new ArgumentException($"{T.Type} is not an output message", nameof(payload));
        Kind = T.Type;
        System.Runtime.CompilerServices.Unsafe.As<Candle, T>(ref Candle) = payload;
    }

    /// <summary>The payload as <typeparamref name="T"/> by reference; throws when the slot carries another kind.</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    public ref T Payload<T>() where T : struct, ICatalogMessage<T>
    {
        if (Kind != T.Type)
            throw new InvalidOperationException($"the slot carries {Kind}, not {T.Type}");
        return ref System.Runtime.CompilerServices.Unsafe.As<Candle, T>(ref Candle);
    }
}

using System.Runtime.CompilerServices;

namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Buy volume, sell volume and delta of one candle, O(1) per trade, no allocation.
/// <para>
/// Delta = buy − sell. Volumes are integers (contracts, shares, or a crypto size as a scaled integer such
/// as size × 10⁸): sums are exact. A trade whose side is Unknown counts in <see cref="NeutralVolume"/>, so
/// Volume = Buy + Sell + Neutral always. <see cref="MaxDelta"/>/<see cref="MinDelta"/> are the extremes the
/// running delta reached inside the candle. The candle aggregator calls <see cref="Reset"/> when a candle
/// closes (the core does not decide candle boundaries).
/// </para>
/// </summary>
internal struct DeltaVolumeState
{
    public long BuyVolume;
    public long SellVolume;
    public long NeutralVolume;
    public long MaxDelta;
    public long MinDelta;
    public int Trades;

    public readonly long Delta => BuyVolume - SellVolume;

    public readonly long Volume => BuyVolume + SellVolume + NeutralVolume;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(AggressorSide side, long size)
    {
        if (side == AggressorSide.Buy)
            BuyVolume += size;
        else if (side == AggressorSide.Sell)
            SellVolume += size;
        else
            NeutralVolume += size;
        var delta = BuyVolume - SellVolume;
        if (Trades++ == 0)
        {
            MaxDelta = delta;
            MinDelta = delta;
        }
        else if (delta > MaxDelta)
            MaxDelta = delta;
        else if (delta < MinDelta)
            MinDelta = delta;
    }

    public void Reset() => this = default;

    public const int SnapshotSize = 2 + 8 * 5 + 4;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.DeltaVolume);
        var offset = 2;
        SnapshotFormat.WriteInt64(destination, ref offset, BuyVolume);
        SnapshotFormat.WriteInt64(destination, ref offset, SellVolume);
        SnapshotFormat.WriteInt64(destination, ref offset, NeutralVolume);
        SnapshotFormat.WriteInt64(destination, ref offset, MaxDelta);
        SnapshotFormat.WriteInt64(destination, ref offset, MinDelta);
        SnapshotFormat.WriteInt32(destination, ref offset, Trades);
        return offset;
    }

    public static DeltaVolumeState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.DeltaVolume);
        var offset = 2;
        return new DeltaVolumeState
        {
            BuyVolume = SnapshotFormat.ReadInt64(source, ref offset),
            SellVolume = SnapshotFormat.ReadInt64(source, ref offset),
            NeutralVolume = SnapshotFormat.ReadInt64(source, ref offset),
            MaxDelta = SnapshotFormat.ReadInt64(source, ref offset),
            MinDelta = SnapshotFormat.ReadInt64(source, ref offset),
            Trades = SnapshotFormat.ReadInt32(source, ref offset),
        };
    }
}

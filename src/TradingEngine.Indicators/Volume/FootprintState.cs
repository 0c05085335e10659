using System.Runtime.CompilerServices;

namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Footprint of one candle: per price level (the instrument's tick size), the volume traded at the bid
/// (sell aggressors), at the ask (buy aggressors) and with unknown side; O(1) per trade, no allocation in
/// steady state (see <see cref="PriceLadder"/> for prices outside the pre-sized ladder: it grows, off the hot
/// path, and keeps the larger size; no trade is ever dropped).
/// <para>
/// Diagonal imbalance at ratio r (e.g. 3.0 = 300 %): level p has a BUY imbalance when
/// Ask[p] ≥ r · Bid[p − 1] and a SELL imbalance when Bid[p] ≥ r · Ask[p + 1] — buyers lifting the offer one tick
/// above where sellers hit the bid, and the reverse. A zero on the diagonal is not flagged (otherwise every
/// edge level of the candle would be). Flags are computed when a level is read, not per trade.
/// </para>
/// <para>
/// Invariants (FootprintPropertyTests, CsCheck): Σ levels volume = candle volume = Buy + Sell (+ Neutral for
/// Unknown-side trades); delta = Buy − Sell; all independent of trade order. Prices and the tick size are raw
/// fixed-point integers in the instrument's scale; volumes are integers. The candle aggregator calls
/// <see cref="Reset"/> at candle close (cost: the levels used).
/// </para>
/// </summary>
internal struct FootprintState
{
    private const int BidColumn = 0;
    private const int AskColumn = 1;
    private const int NeutralColumn = 2;

    private PriceLadder _ladder;
    private double _imbalanceRatio;
    private DeltaVolumeState _totals;

    /// <param name="tickSize">Raw price of one tick (e.g. 25 for ES with prices in hundredths).</param>
    /// <param name="imbalanceRatio">Diagonal imbalance ratio, e.g. 3.0.</param>
    /// <param name="capacity">Pre-sized number of levels (grows off the hot path if a candle spans more).</param>
    public static FootprintState Create(long tickSize, double imbalanceRatio = 3.0, int capacity = 256)
    {
        if (!(imbalanceRatio >= 1.0))
            throw new ArgumentOutOfRangeException(nameof(imbalanceRatio), imbalanceRatio, "imbalance ratio must be at least 1");
        return new FootprintState { _ladder = PriceLadder.Create(tickSize, capacity, 3), _imbalanceRatio = imbalanceRatio };
    }

    public readonly long TickSize => _ladder.TickSize;

    public readonly double ImbalanceRatio => _imbalanceRatio;

    public readonly int Capacity => _ladder.Capacity;

    public readonly int LevelCount => _ladder.LevelCount;

    /// <summary>Buy/sell/neutral totals and delta of the candle so far.</summary>
    public readonly DeltaVolumeState Totals => _totals;

    public readonly long Volume => _totals.Volume;

    /// <summary>Buy − sell volume of the candle so far (<see cref="Totals"/>' delta, without copying the totals).</summary>
    public readonly long Delta => _totals.Delta;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long price, AggressorSide side, long size)
    {
        var slot = _ladder.SlotOf(price);
        var column = side == AggressorSide.Sell ? BidColumn : side == AggressorSide.Buy ? AskColumn : NeutralColumn;
        _ladder.Columns[column][slot] += size;
        _totals.Add(side, size);
    }

    /// <summary>Level <paramref name="index"/> counted from the lowest price traded (0 ≤ index &lt; <see cref="LevelCount"/>).</summary>
    public readonly FootprintLevel GetLevel(int index)
    {
        if ((uint)index >= (uint)LevelCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"footprint has {LevelCount} levels");
        var slot = _ladder.Low + index;
        var bid = _ladder.Columns[BidColumn];
        var ask = _ladder.Columns[AskColumn];
        var bidBelow = slot > _ladder.Low ? bid[slot - 1] : 0;
        var askAbove = slot < _ladder.High ? ask[slot + 1] : 0;
        return new FootprintLevel(
            _ladder.PriceOfSlot(slot), bid[slot], ask[slot], _ladder.Columns[NeutralColumn][slot],
            bidBelow > 0 && ask[slot] >= _imbalanceRatio * bidBelow,
            askAbove > 0 && bid[slot] >= _imbalanceRatio * askAbove);
    }

    /// <summary>Starts the next candle: clears the used levels, keeps the (possibly grown) ladder.</summary>
    public void Reset()
    {
        _ladder.Clear();
        _totals.Reset();
    }

    public readonly int SnapshotSize => 2 + 8 + DeltaVolumeState.SnapshotSize + _ladder.SnapshotSize;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Footprint);
        var offset = 2;
        SnapshotFormat.WriteDouble(destination, ref offset, _imbalanceRatio);
        offset += _totals.WriteTo(destination[offset..]);
        _ladder.Write(destination, ref offset);
        return offset;
    }

    public static FootprintState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Footprint);
        var offset = 2;
        var state = new FootprintState { _imbalanceRatio = SnapshotFormat.ReadDouble(source, ref offset) };
        state._totals = DeltaVolumeState.ReadFrom(source[offset..]);
        offset += DeltaVolumeState.SnapshotSize;
        state._ladder = PriceLadder.Read(source, ref offset, 3);
        return state;
    }
}

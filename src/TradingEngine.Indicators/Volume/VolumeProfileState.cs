using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Volume per price level (the instrument's tick size), O(1) per trade, no allocation in steady state;
/// the building block of <see cref="SessionVolumeProfile"/> and <see cref="RollingVolumeProfile"/>.
/// <para>
/// Value area (<see cref="ComputeValueArea"/>, O(levels), run on demand not per trade), the common CBOT
/// procedure: start at the point of control (the level with the most volume; ties → the lowest price); while
/// the area holds less than the target share (70 % by default) of the total, compare the single level just
/// above the area with the single level just below and add the one with more volume (equal → add both; an
/// edge of the profile counts as −1 so the other side is taken). VAH/VAL are the top and bottom levels added.
/// All comparisons are on integers (area · 100 &lt; total · percent), so the result is exact.
/// </para>
/// <para>
/// Prices outside the pre-sized ladder grow it off the hot path (see <see cref="PriceLadder"/>); nothing is lost.
/// </para>
/// </summary>
internal struct VolumeProfileState
{
    private PriceLadder _ladder;
    private long _total;

    public static VolumeProfileState Create(long tickSize, int capacity = 1024) =>
        new() { _ladder = PriceLadder.Create(tickSize, capacity, 1) };

    public readonly long TickSize => _ladder.TickSize;

    public readonly int Capacity => _ladder.Capacity;

    public readonly long TotalVolume => _total;

    public readonly int LevelCount => _ladder.LevelCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long price, long size)
    {
        var slot = _ladder.SlotOf(price);
        _ladder.Columns[0][slot] += size;
        _total += size;
    }

    /// <summary>Takes back volume added earlier at the same price (rolling windows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Remove(long price, long size)
    {
        var slot = _ladder.SlotOf(price);
        _ladder.Columns[0][slot] -= size;
        _total -= size;
        if (_total == 0)
            _ladder.Clear(); // every level is back to zero: recentre on the next trade
    }

    /// <summary>Volume at the <paramref name="index"/>-th level from the lowest price traded, and that level's price.</summary>
    public readonly long GetLevel(int index, out long price)
    {
        if ((uint)index >= (uint)LevelCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"profile has {LevelCount} levels");
        price = _ladder.PriceOfSlot(_ladder.Low + index);
        return _ladder.Columns[0][_ladder.Low + index];
    }

    public readonly ValueArea ComputeValueArea(int percent = 70)
    {
        if (percent is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "value area percent must be in 1..100");
        if (_total == 0)
            return default;
        var volume = _ladder.Columns[0];
        int low = _ladder.Low, high = _ladder.High;
        var poc = low + LevelMath.IndexOfFirstMax(volume.AsSpan(low, high - low + 1));
        // area · 100 < total · percent ⇔ area < ⌈total · percent / 100⌉ (integers): one compare per step
        var (top, bottom, area) = Expand(volume, low, high, poc, ((_total * percent) + 99) / 100);
        return new ValueArea(_ladder.PriceOfSlot(poc), _ladder.PriceOfSlot(top), _ladder.PriceOfSlot(bottom), _total, volume[poc], area);
    }

    // The expansion from the point of control, as the summary describes it, with the reads unchecked (the loop's
    // conditions keep them inside the used levels). A branch-free form of the step (both sides computed, each moved by
    // its comparison) measured 2.6x slower: on real profiles the side taken runs in streaks the predictor follows.
    private static (int Top, int Bottom, long Area) Expand(long[] volume, int low, int high, int poc, long needed)
    {
        // low <= bottom <= top <= high < volume.Length: every read below is inside the array
        ref var v = ref MemoryMarshal.GetArrayDataReference(volume);
        var area = volume[poc];
        int top = poc, bottom = poc;
        while (area < needed && (bottom > low || top < high))
        {
            var above = top < high ? Unsafe.Add(ref v, top + 1) : -1;
            var below = bottom > low ? Unsafe.Add(ref v, bottom - 1) : -1;
            if (above >= below)
            {
                area += above;
                top++;
            }
            if (below >= above)
            {
                area += below;
                bottom--;
            }
        }
        return (top, bottom, area);
    }

    public void Reset()
    {
        _ladder.Clear();
        _total = 0;
    }

    public readonly int SnapshotSize => 8 + _ladder.SnapshotSize;

    internal readonly void Write(Span<byte> destination, ref int offset)
    {
        SnapshotFormat.WriteInt64(destination, ref offset, _total);
        _ladder.Write(destination, ref offset);
    }

    internal static VolumeProfileState Read(ReadOnlySpan<byte> source, ref int offset)
    {
        var total = SnapshotFormat.ReadInt64(source, ref offset);
        return new VolumeProfileState { _total = total, _ladder = PriceLadder.Read(source, ref offset, 1) };
    }
}

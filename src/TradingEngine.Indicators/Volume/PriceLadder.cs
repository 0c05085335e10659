using System.Runtime.CompilerServices;

namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Pre-sized arrays of per-price-level counters shared by <see cref="FootprintState"/> and
/// <see cref="VolumeProfileState"/>. Level = ⌊price / tickSize⌋ (raw fixed-point integers; a tick size coarser
/// than the price grid buckets several prices into one level). Slot 0 holds level
/// <c>_base</c>; the ladder is recentred on the first trade after it empties (O(1)), and a price outside the
/// pre-sized range grows it (<see cref="Grow"/>, cold, allocates: capacity doubles and the used range is copied).
/// Grown arrays are kept, so once the ladder has seen a session's range it never allocates again: nothing is lost.
/// </summary>
internal struct PriceLadder
{
    /// <summary>
    /// The most levels a ladder holds (16M: 128 MB per column). <see cref="Grow"/> stops there, and <see cref="Read"/>
    /// refuses a snapshot that claims more: a damaged or hostile snapshot must not make the restore allocate without
    /// bound (found by fuzzing the snapshot reader: tests/TradingEngine.Fuzz/regressions/snapshot).
    /// </summary>
    public const int MaxLevels = 1 << 24;

    public long[][] Columns;
    public long TickSize;
    public long Base;
    public int Low;   // lowest used slot; Low > High when empty
    public int High;  // highest used slot

    public static PriceLadder Create(long tickSize, int capacity, int columns)
    {
        if (tickSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(tickSize), tickSize, "tick size must be a positive raw price");
        if (capacity < 4)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "ladder capacity must be at least 4 levels");
        var data = new long[columns][];
        for (var c = 0; c < columns; c++)
            data[c] = new long[capacity];
        return new PriceLadder { Columns = data, TickSize = tickSize, Low = capacity, High = -1 };
    }

    public readonly int Capacity => Columns[0].Length;

    public readonly bool IsEmpty => Low > High;

    public readonly int LevelCount => IsEmpty ? 0 : High - Low + 1;

    /// <summary>Slot of a raw price; recentres an empty ladder, grows a full one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SlotOf(long price)
    {
        // Floor division, so that negative prices (calendar spreads) and off-grid prices fall in the level below.
        var level = (price >= 0 ? price : price - TickSize + 1) / TickSize;
        if (Low > High)
        {
            Base = level - (Capacity >> 1);
            var middle = Capacity >> 1;
            Low = middle;
            High = middle;
            return middle;
        }
        var slot = level - Base;
        if ((ulong)slot >= (ulong)Capacity)
            return Grow(level);
        var s = (int)slot;
        if (s < Low)
            Low = s;
        else if (s > High)
            High = s;
        return s;
    }

    public readonly long PriceOfSlot(int slot) => (Base + slot) * TickSize;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Grow(long level)
    {
        var lowLevel = Math.Min(Base + Low, level);
        var highLevel = Math.Max(Base + High, level);
        var span = highLevel - lowLevel + 1;
        var capacity = (long)Capacity;
        while (capacity < span * 2)
            capacity *= 2;
        if (capacity > MaxLevels)
            throw new InvalidOperationException($"price ladder would need {capacity} levels (tick size {TickSize}, levels {lowLevel}..{highLevel})");
        var newBase = lowLevel - ((capacity - span) / 2);
        var shift = (int)(Base - newBase);
        for (var c = 0; c < Columns.Length; c++)
        {
            var grown = new long[capacity];
            Array.Copy(Columns[c], Low, grown, Low + shift, High - Low + 1);
            Columns[c] = grown;
        }
        Base = newBase;
        Low = (int)(lowLevel - newBase);
        High = (int)(highLevel - newBase);
        return (int)(level - newBase);
    }

    /// <summary>Zeroes the used range only (O(levels used)) and marks the ladder empty.</summary>
    public void Clear()
    {
        if (Low <= High)
        {
            foreach (var column in Columns)
                Array.Clear(column, Low, High - Low + 1);
        }
        Low = Capacity;
        High = -1;
    }

    public readonly int SnapshotSize => 8 + 8 + 4 + 4 + 4 + 4 + (8 * Columns.Length * LevelCount);

    public readonly void Write(Span<byte> destination, ref int offset)
    {
        SnapshotFormat.WriteInt64(destination, ref offset, TickSize);
        SnapshotFormat.WriteInt64(destination, ref offset, Base);
        SnapshotFormat.WriteInt32(destination, ref offset, Capacity);
        SnapshotFormat.WriteInt32(destination, ref offset, Columns.Length);
        SnapshotFormat.WriteInt32(destination, ref offset, Low);
        SnapshotFormat.WriteInt32(destination, ref offset, High);
        for (var s = Low; s <= High; s++)
            foreach (var column in Columns)
                SnapshotFormat.WriteInt64(destination, ref offset, column[s]);
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote; every size is checked against <paramref name="expectedColumns"/>,
    /// <see cref="MaxLevels"/> and the bytes that remain before anything is allocated (<see cref="InvalidDataException"/>).
    /// </summary>
    public static PriceLadder Read(ReadOnlySpan<byte> source, ref int offset, int expectedColumns)
    {
        var tickSize = SnapshotFormat.ReadInt64(source, ref offset);
        var baseLevel = SnapshotFormat.ReadInt64(source, ref offset);
        var capacity = SnapshotFormat.ReadInt32(source, ref offset);
        var columns = SnapshotFormat.ReadInt32(source, ref offset);
        var low = SnapshotFormat.ReadInt32(source, ref offset);
        var high = SnapshotFormat.ReadInt32(source, ref offset);
        if (columns != expectedColumns)
            throw new InvalidDataException($"price ladder snapshot has {columns} columns, this state keeps {expectedColumns}");
        if (capacity is < 4 or > MaxLevels)
            throw new InvalidDataException($"price ladder snapshot claims {capacity} levels; a ladder holds 4..{MaxLevels}");
        var empty = low > high;
        if (!empty && (low < 0 || high >= capacity))
            throw new InvalidDataException($"price ladder snapshot uses slots {low}..{high} of {capacity}");
        var levels = empty ? 0L : (long)high - low + 1;
        if (levels * columns * 8 > source.Length - offset)
            throw new InvalidDataException($"price ladder snapshot holds {levels} levels of {columns} columns, but only {source.Length - offset} bytes remain");
        var ladder = Create(tickSize, capacity, columns);
        ladder.Base = baseLevel;
        ladder.Low = empty ? capacity : low;
        ladder.High = empty ? -1 : high;
        for (var s = ladder.Low; s <= ladder.High; s++)
            foreach (var column in ladder.Columns)
                column[s] = SnapshotFormat.ReadInt64(source, ref offset);
        return ladder;
    }
}

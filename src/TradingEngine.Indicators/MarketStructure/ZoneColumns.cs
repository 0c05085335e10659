using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Live zones as columns (one flat array per field), oldest first, for the detectors that test every live zone on
/// every bar (order blocks, liquidity levels): their scans read two or three columns in a tight loop instead of
/// striding over whole <see cref="Zone"/> structs. Same order and capacity rule as <see cref="ZoneList"/> (formation
/// order; when full the oldest is dropped) and the same snapshot layout, so a snapshot reads into either.
/// </summary>
/// <remarks>
/// Live zones occupy the slots <see cref="Start"/> … <see cref="End"/> − 1 of arrays twice the capacity long: dropping
/// the oldest zone (capacity, front expiry) moves <see cref="Start"/> instead of shifting nine columns, and the
/// window slides back to slot 0 only when an append reaches the end (at most once per capacity appends).
/// <see cref="OldestIndex"/> is a lower bound of the live zones' reference indices, so a bar on which no zone can
/// expire costs one comparison instead of a walk.
/// </remarks>
internal struct ZoneColumns
{
    public StructureDirection[] Direction;
    public ZoneState[] State;
    public long[] Top;
    public long[] Bottom;
    public long[] Index;
    public long[] Time;
    public long[] Volume;
    public int[] Touches;
    /// <summary>Pivot index of the newest swing joined (liquidity: which of two matches is newer).</summary>
    public long[] Time2;

    private int _start;
    private int _end;
    private int _capacity;
    private long _oldestIndex;

    public static ZoneColumns Create(int capacity)
    {
        var n = 2 * capacity;
        return new ZoneColumns
        {
            Direction = new StructureDirection[n],
            State = new ZoneState[n],
            Top = new long[n],
            Bottom = new long[n],
            Index = new long[n],
            Time = new long[n],
            Volume = new long[n],
            Touches = new int[n],
            Time2 = new long[n],
            _capacity = capacity,
            _oldestIndex = long.MaxValue,
        };
    }

    /// <summary>Slot of the oldest live zone.</summary>
    public readonly int Start => _start;

    /// <summary>One past the slot of the newest live zone.</summary>
    public readonly int End => _end;

    public readonly int Count => _end - _start;

    /// <summary>Appends a zone (dropping the oldest when full) and returns its slot.</summary>
    public int Add(StructureDirection direction, ZoneState state, long top, long bottom, long index, long time, long volume, int touches, long time2)
    {
        if (_end - _start == _capacity)
            _start++;
        if (_end == Top.Length)
            SlideToFront();
        var s = _end++;
        Direction[s] = direction;
        State[s] = state;
        Top[s] = top;
        Bottom[s] = bottom;
        Index[s] = index;
        Time[s] = time;
        Volume[s] = volume;
        Touches[s] = touches;
        Time2[s] = time2;
        if (index < _oldestIndex)
            _oldestIndex = index;
        return s;
    }

    /// <summary>Removes the zone in slot <paramref name="slot"/>, keeping the order of the others.</summary>
    public void RemoveAt(int slot)
    {
        // Close the gap from the shorter side.
        if (slot - _start < _end - slot - 1)
        {
            for (var s = slot; s > _start; s--)
                Move(s - 1, s);
            _start++;
        }
        else
        {
            for (var s = slot + 1; s < _end; s++)
                Move(s, s - 1);
            _end--;
        }
    }

    /// <summary>Copies every column of slot <paramref name="from"/> to slot <paramref name="to"/> (for in-order compaction).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void Move(int from, int to)
    {
        Direction[to] = Direction[from];
        State[to] = State[from];
        Top[to] = Top[from];
        Bottom[to] = Bottom[from];
        Index[to] = Index[from];
        Time[to] = Time[from];
        Volume[to] = Volume[from];
        Touches[to] = Touches[from];
        Time2[to] = Time2[from];
    }

    /// <summary>Ends a compaction that kept the zones now in <see cref="Start"/> … <paramref name="end"/> − 1.</summary>
    public void Truncate(int end) => _end = end;

    /// <summary>Drops zones whose reference bar is more than <paramref name="maxAge"/> bars before <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Expire(long index, long maxAge)
    {
        // The lower bound answers "nothing expires" for almost every bar; the walk runs when one may.
        if (index - _oldestIndex > maxAge)
            ExpireSlow(index, maxAge);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ExpireSlow(long index, long maxAge)
    {
        var w = _start;
        var oldest = long.MaxValue;
        for (var s = _start; s < _end; s++)
        {
            var origin = Index[s];
            if (index - origin > maxAge)
                continue;
            if (w != s)
                Move(s, w);
            if (origin < oldest)
                oldest = origin;
            w++;
        }
        _end = w;
        _oldestIndex = oldest;
    }

    /// <summary>Like <see cref="Expire"/> for zones whose reference indices never decrease: looks at the front only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ExpireFront(long index, long maxAge)
    {
        while (_start < _end && index - Index[_start] > maxAge)
            _start++;
    }

    /// <summary>Slot of the newest zone of <paramref name="direction"/>, or −1.</summary>
    public readonly int Newest(StructureDirection direction)
    {
        for (var s = _end - 1; s >= _start; s--)
        {
            if (Direction[s] == direction)
                return s;
        }
        return -1;
    }

    private void SlideToFront()
    {
        for (var s = _start; s < _end; s++)
            Move(s, s - _start);
        _end -= _start;
        _start = 0;
    }

    /// <summary>Writes the zones in <see cref="ZoneList.Write"/>'s layout.</summary>
    public readonly void Write(ref StateWriter w)
    {
        w.WriteInt32(Count);
        for (var s = _start; s < _end; s++)
        {
            w.WriteByte((byte)Direction[s]);
            w.WriteByte((byte)State[s]);
            w.WriteInt64(Top[s]);
            w.WriteInt64(Bottom[s]);
            w.WriteInt64(Index[s]);
            w.WriteInt64(Time[s]);
            w.WriteInt64(Volume[s]);
            w.WriteInt32(Touches[s]);
            w.WriteInt64(Time2[s]);
        }
    }

    /// <summary>Restores what <see cref="Write"/> (or <see cref="ZoneList.Write"/>) wrote.</summary>
    public void Read(ref StateReader r)
    {
        var n = r.ReadInt32();
        if ((uint)n > (uint)_capacity)
            throw new InvalidDataException($"zone count {n} exceeds capacity {_capacity}");
        _start = 0;
        _end = n;
        _oldestIndex = long.MaxValue;
        for (var s = 0; s < n; s++)
        {
            Direction[s] = (StructureDirection)r.ReadByte();
            State[s] = (ZoneState)r.ReadByte();
            Top[s] = r.ReadInt64();
            Bottom[s] = r.ReadInt64();
            Index[s] = r.ReadInt64();
            Time[s] = r.ReadInt64();
            Volume[s] = r.ReadInt64();
            Touches[s] = r.ReadInt32();
            Time2[s] = r.ReadInt64();
            _oldestIndex = Math.Min(_oldestIndex, Index[s]);
        }
    }
}

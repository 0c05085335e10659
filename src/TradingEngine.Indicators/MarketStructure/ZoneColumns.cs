using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Live zones as columns (one flat array per field), oldest first, for the detectors that test every live zone on
/// every bar (order blocks, liquidity levels): their scans read a side mask and one or two keys per zone, four zones
/// per vector compare, instead of striding over whole <see cref="Zone"/> structs. Same order and capacity rule as
/// <see cref="ZoneList"/> (formation order; when full the oldest is dropped) and the same snapshot layout.
/// </summary>
/// <remarks>
/// <para>Live zones sit in slots <see cref="Start"/> … <see cref="End"/> − 1 of arrays twice the capacity long, with
/// removed zones left in place as tombstones (<see cref="StructureDirection.None"/>, side 1, keys
/// <see cref="long.MinValue"/>: no scan or search ever matches one), so a removal moves nothing. Tombstones are
/// squeezed out when an append reaches the end of the arrays or when they outnumber the live zones; dropping the
/// oldest zone moves <see cref="Start"/>.</para>
/// <para><see cref="Side"/>, <see cref="KeyA"/> and <see cref="KeyB"/> belong to the detector (what a bar must beat
/// to change the zone, in a form where one signed comparison per key decides); they are not part of the snapshot,
/// the detector rebuilds them after <see cref="Read"/>. <see cref="Expire"/> compares against a lower bound of the
/// live zones' reference indices, so a bar on which no zone can expire costs one comparison.</para>
/// </remarks>
internal struct ZoneColumns
{
    /// <summary><see cref="Side"/> of a tombstone (live zones use 0 and −1).</summary>
    public const long DeadSide = 1;

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
    /// <summary>0 for bullish / buy-side, −1 (all bits) for bearish / sell-side: a lane mask for vector selects.</summary>
    public long[] Side;
    public long[] KeyA;
    public long[] KeyB;

    private int _start;
    private int _end;
    private int _dead;
    private int _capacity;

    /// <summary>
    /// Bumped by every change to the set of live zones or their prices made through this type (add, kill, expiry,
    /// restore) and by <see cref="MarkChanged"/> for direct edits of <see cref="Top"/>/<see cref="Bottom"/>: a value
    /// derived from the live zones is still valid while the version is the one it was computed at.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>Records a direct edit of a live zone's prices (see <see cref="Version"/>).</summary>
    public void MarkChanged() => Version++;
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
            Side = new long[n],
            KeyA = new long[n],
            KeyB = new long[n],
            _capacity = capacity,
            _oldestIndex = long.MaxValue,
        };
    }

    /// <summary>First slot (the oldest live zone, or <see cref="End"/>).</summary>
    public readonly int Start => _start;

    /// <summary>One past the last slot in use; slots in between may be tombstones.</summary>
    public readonly int End => _end;

    /// <summary>Live zones.</summary>
    public readonly int Count => _end - _start - _dead;

    /// <summary>Appends a zone (dropping the oldest when full) and returns its slot; the caller sets its side and keys.</summary>
    public int Add(StructureDirection direction, ZoneState state, long top, long bottom, long index, long time, long volume, int touches, long time2)
    {
        Version++;
        if (Count == _capacity)
        {
            _start++;
            SkipDeadFront();
        }
        if (_end == Top.Length || _dead > Count)
            Compact();
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
        Side[s] = direction == StructureDirection.Bullish ? 0 : -1;
        KeyA[s] = long.MinValue;
        KeyB[s] = long.MinValue;
        if (index < _oldestIndex)
            _oldestIndex = index;
        return s;
    }

    /// <summary>Removes the zone in slot <paramref name="slot"/>: it becomes a tombstone, nothing moves.</summary>
    public void Kill(int slot)
    {
        Direction[slot] = StructureDirection.None;
        State[slot] = ZoneState.None;
        Side[slot] = DeadSide;
        KeyA[slot] = long.MinValue;
        KeyB[slot] = long.MinValue;
        _dead++;
        Version++;
        SkipDeadFront();
    }

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
        Version++;
        var w = 0;
        var oldest = long.MaxValue;
        for (var s = _start; s < _end; s++)
        {
            var origin = Index[s];
            if (Direction[s] == StructureDirection.None || index - origin > maxAge)
                continue;
            Move(s, w++);
            oldest = Math.Min(oldest, origin);
        }
        _start = 0;
        _end = w;
        _dead = 0;
        _oldestIndex = oldest;
    }

    /// <summary>Like <see cref="Expire"/> for zones whose reference indices never decrease: looks at the front only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ExpireFront(long index, long maxAge)
    {
        while (_start < _end && index - Index[_start] > maxAge)
        {
            if (Direction[_start] == StructureDirection.None)
                _dead--;
            _start++;
        }
        SkipDeadFront();
    }

    /// <summary>Slot of the newest live zone of <paramref name="direction"/>, or −1.</summary>
    public readonly int Newest(StructureDirection direction)
    {
        for (var s = _end - 1; s >= _start; s--)
        {
            if (Direction[s] == direction)
                return s;
        }
        return -1;
    }

    private void SkipDeadFront()
    {
        while (_start < _end && Direction[_start] == StructureDirection.None)
        {
            _start++;
            _dead--;
        }
    }

    /// <summary>Moves the live zones, in order, to the front of the arrays.</summary>
    private void Compact()
    {
        var w = 0;
        for (var s = _start; s < _end; s++)
        {
            if (Direction[s] != StructureDirection.None)
                Move(s, w++);
        }
        _start = 0;
        _end = w;
        _dead = 0;
    }

    private readonly void Move(int from, int to)
    {
        if (from == to)
            return;
        Direction[to] = Direction[from];
        State[to] = State[from];
        Top[to] = Top[from];
        Bottom[to] = Bottom[from];
        Index[to] = Index[from];
        Time[to] = Time[from];
        Volume[to] = Volume[from];
        Touches[to] = Touches[from];
        Time2[to] = Time2[from];
        Side[to] = Side[from];
        KeyA[to] = KeyA[from];
        KeyB[to] = KeyB[from];
    }

    /// <summary>Writes the live zones in <see cref="ZoneList.Write"/>'s layout.</summary>
    public readonly void Write(ref StateWriter w)
    {
        w.WriteInt32(Count);
        for (var s = _start; s < _end; s++)
        {
            if (Direction[s] == StructureDirection.None)
                continue;
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

    /// <summary>Restores what <see cref="Write"/> (or <see cref="ZoneList.Write"/>) wrote; the detector then rebuilds the keys.</summary>
    public void Read(ref StateReader r)
    {
        Version++;
        var n = r.ReadInt32();
        if ((uint)n > (uint)_capacity)
            throw new InvalidDataException($"zone count {n} exceeds capacity {_capacity}");
        _start = 0;
        _end = n;
        _dead = 0;
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
            Side[s] = Direction[s] == StructureDirection.Bullish ? 0 : -1;
            KeyA[s] = long.MinValue;
            KeyB[s] = long.MinValue;
            _oldestIndex = Math.Min(_oldestIndex, Index[s]);
        }
    }
}

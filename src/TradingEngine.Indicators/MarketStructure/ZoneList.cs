using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Pre-sized, oldest-first storage of live zones. Order is formation order, so every walk (and therefore every
/// event sequence) is deterministic; when full, the oldest zone is dropped to make room.
/// </summary>
internal struct ZoneList
{
    private Zone[] _items;
    private int _count;

    public static ZoneList Create(int capacity) => new() { _items = new Zone[capacity] };

    public readonly int Count => _count;

    public readonly ref Zone this[int i] => ref _items[i];

    public void Add(in Zone zone)
    {
        if (_count == _items.Length)
            RemoveAt(0);
        _items[_count++] = zone;
    }

    public void RemoveAt(int i)
    {
        Array.Copy(_items, i + 1, _items, i, _count - i - 1);
        _count--;
    }

    /// <summary>Drops zones whose reference bar is more than <paramref name="maxAge"/> bars before <paramref name="index"/>.</summary>
    public void Expire(long index, long maxAge)
    {
        // Nothing expires on most bars: find the first expired zone before moving anything.
        var i = 0;
        while (i < _count && index - _items[i].Index <= maxAge)
            i++;
        if (i == _count)
            return;
        var keep = i;
        for (i++; i < _count; i++)
        {
            if (index - _items[i].Index <= maxAge)
                _items[keep++] = _items[i];
        }
        _count = keep;
    }

    /// <summary>Like <see cref="Expire"/> for lists whose reference indices never decrease: looks at the front only.</summary>
    public void ExpireFront(long index, long maxAge)
    {
        var i = 0;
        while (i < _count && index - _items[i].Index > maxAge)
            i++;
        if (i == 0)
            return;
        Array.Copy(_items, i, _items, 0, _count - i);
        _count -= i;
    }

    /// <summary>Index of the newest zone of <paramref name="direction"/>, or −1.</summary>
    public readonly int Newest(StructureDirection direction)
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_items[i].Direction == direction)
                return i;
        }
        return -1;
    }

    public readonly void Write(ref StateWriter w)
    {
        w.WriteInt32(_count);
        for (var i = 0; i < _count; i++)
        {
            ref readonly var z = ref _items[i];
            w.WriteByte((byte)z.Direction);
            w.WriteByte((byte)z.State);
            w.WriteInt64(z.TopRaw);
            w.WriteInt64(z.BottomRaw);
            w.WriteInt64(z.Index);
            w.WriteInt64(z.Time);
            w.WriteInt64(z.VolumeRaw);
            w.WriteInt32(z.Touches);
            w.WriteInt64(z.Time2);
        }
    }

    public void Read(ref StateReader r)
    {
        var n = r.ReadInt32();
        if ((uint)n > (uint)_items.Length)
            throw new InvalidDataException($"zone count {n} exceeds capacity {_items.Length}");
        _count = n;
        for (var i = 0; i < n; i++)
        {
            ref var z = ref _items[i];
            z.Direction = (StructureDirection)r.ReadByte();
            z.State = (ZoneState)r.ReadByte();
            z.TopRaw = r.ReadInt64();
            z.BottomRaw = r.ReadInt64();
            z.Index = r.ReadInt64();
            z.Time = r.ReadInt64();
            z.VolumeRaw = r.ReadInt64();
            z.Touches = r.ReadInt32();
            z.Time2 = r.ReadInt64();
        }
    }
}

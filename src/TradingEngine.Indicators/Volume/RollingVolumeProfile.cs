using System.Runtime.CompilerServices;

namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Volume profile over a rolling time window: the trades of the last <see cref="WindowNanos"/> nanoseconds of
/// event time (a trade at t is dropped once an event arrives at t + window or later). Each trade is kept in a
/// pre-sized ring (time, price, size) and subtracted when it leaves the window: O(1) amortised per trade.
/// The ring doubles off the hot path if a window ever holds more trades than it was sized for (kept afterwards).
/// Invariant: <see cref="VolumeProfileState.TotalVolume"/> = Σ size of the trades inside the window.
/// </summary>
internal struct RollingVolumeProfile
{
    private VolumeProfileState _profile;
    private long[] _time;
    private long[] _price;
    private long[] _size;
    private long _window;
    private int _head;   // next write
    private int _count;

    public static RollingVolumeProfile Create(long windowNanos, long tickSize, int levelCapacity = 1024, int tradeCapacity = 65536)
    {
        if (windowNanos <= 0)
            throw new ArgumentOutOfRangeException(nameof(windowNanos), windowNanos, "rolling window must be positive");
        if (tradeCapacity < 2)
            throw new ArgumentOutOfRangeException(nameof(tradeCapacity), tradeCapacity, "trade capacity must be at least 2");
        return new RollingVolumeProfile
        {
            _profile = VolumeProfileState.Create(tickSize, levelCapacity),
            _time = new long[tradeCapacity], _price = new long[tradeCapacity], _size = new long[tradeCapacity],
            _window = windowNanos,
        };
    }

    public readonly long WindowNanos => _window;

    public readonly int TradesInWindow => _count;

    public readonly VolumeProfileState Profile => _profile;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long utcNanos, long price, long size)
    {
        Evict(utcNanos);
        if (_count == _time.Length)
            GrowRing();
        var head = _head;
        _time[head] = utcNanos;
        _price[head] = price;
        _size[head] = size;
        _head = head + 1 == _time.Length ? 0 : head + 1;
        _count++;
        _profile.Add(price, size);
    }

    /// <summary>Drops the trades that have left the window at <paramref name="utcNanos"/> (also usable on a timer event).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Evict(long utcNanos)
    {
        var capacity = _time.Length;
        while (_count > 0)
        {
            var tail = _head - _count;
            if (tail < 0)
                tail += capacity;
            if (utcNanos - _time[tail] < _window)
                break;
            _profile.Remove(_price[tail], _size[tail]);
            _count--;
        }
    }

    public readonly ValueArea ComputeValueArea(int percent = 70) => _profile.ComputeValueArea(percent);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowRing()
    {
        var capacity = _time.Length * 2;
        _time = Unroll(_time, capacity);
        _price = Unroll(_price, capacity);
        _size = Unroll(_size, capacity);
        _head = _count;
    }

    private readonly long[] Unroll(long[] ring, int capacity)
    {
        var result = new long[capacity];
        var tail = _head - _count;
        if (tail < 0)
            tail += ring.Length;
        for (var i = 0; i < _count; i++)
            result[i] = ring[(tail + i) % ring.Length];
        return result;
    }

    public void Reset()
    {
        _profile.Reset();
        _head = 0;
        _count = 0;
    }

    public readonly int SnapshotSize => 2 + 8 + 4 + 4 + (24 * _count) + _profile.SnapshotSize;

    /// <summary>Writes the window length, the trades inside the window (oldest first) and the ladder.</summary>
    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.RollingVolumeProfile);
        var offset = 2;
        SnapshotFormat.WriteInt64(destination, ref offset, _window);
        SnapshotFormat.WriteInt32(destination, ref offset, _time.Length);
        SnapshotFormat.WriteInt32(destination, ref offset, _count);
        var tail = _head - _count;
        if (tail < 0)
            tail += _time.Length;
        for (var i = 0; i < _count; i++)
        {
            var slot = (tail + i) % _time.Length;
            SnapshotFormat.WriteInt64(destination, ref offset, _time[slot]);
            SnapshotFormat.WriteInt64(destination, ref offset, _price[slot]);
            SnapshotFormat.WriteInt64(destination, ref offset, _size[slot]);
        }
        _profile.Write(destination, ref offset);
        return offset;
    }

    public static RollingVolumeProfile ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.RollingVolumeProfile);
        var offset = 2;
        var window = SnapshotFormat.ReadInt64(source, ref offset);
        var capacity = SnapshotFormat.ReadInt32(source, ref offset);
        var count = SnapshotFormat.ReadInt32(source, ref offset);
        var state = new RollingVolumeProfile
        {
            _time = new long[capacity], _price = new long[capacity], _size = new long[capacity],
            _window = window, _count = count, _head = count == capacity ? 0 : count,
        };
        for (var i = 0; i < count; i++)
        {
            state._time[i] = SnapshotFormat.ReadInt64(source, ref offset);
            state._price[i] = SnapshotFormat.ReadInt64(source, ref offset);
            state._size[i] = SnapshotFormat.ReadInt64(source, ref offset);
        }
        state._profile = VolumeProfileState.Read(source, ref offset);
        return state;
    }
}

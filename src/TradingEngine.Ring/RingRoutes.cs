using System.Runtime.CompilerServices;

namespace TradingEngine.Ring;

/// <summary>
/// Which ring an event goes to, by an integer key (a symbol id): the routing table of an engine's input rings, one
/// ring per executor. Built once from the engine config; read by every producer without locks.
/// </summary>
public sealed class RingRoutes<T>
    where T : struct
{
    private readonly RingBuffer<T>[] _rings;
    private readonly int[] _ringOf;
    private readonly int _unrouted;

    /// <param name="rings">The rings, in executor order.</param>
    /// <param name="ringOfKey">Each routed key (≥ 0) and the index of its ring in <paramref name="rings"/>.</param>
    /// <param name="unrouted">The ring index of keys not in <paramref name="ringOfKey"/>; −1: they have none.</param>
    public RingRoutes(IReadOnlyList<RingBuffer<T>> rings, IEnumerable<KeyValuePair<int, int>> ringOfKey, int unrouted = -1)
    {
        ArgumentNullException.ThrowIfNull(rings);
        if (rings.Count == 0)
            throw new ArgumentException("a routing table needs at least one ring", nameof(rings));
        if (unrouted < -1 || unrouted >= rings.Count)
            throw new ArgumentOutOfRangeException(nameof(unrouted), unrouted, $"the unrouted ring must be −1 or an index below {rings.Count}");
        _rings = [.. rings];
        var pairs = ringOfKey.ToArray();
        var max = pairs.Length == 0 ? -1 : pairs.Max(p => p.Key);
        _ringOf = new int[max + 1];
        Array.Fill(_ringOf, unrouted);
        foreach (var (key, ring) in pairs)
        {
            if (key < 0)
                throw new ArgumentOutOfRangeException(nameof(ringOfKey), key, "routing keys are ≥ 0");
            if ((uint)ring >= (uint)_rings.Length)
                throw new ArgumentOutOfRangeException(nameof(ringOfKey), ring, $"key {key} names ring {ring} of {_rings.Length}");
            _ringOf[key] = ring;
        }
        _unrouted = unrouted;
    }

    /// <summary>Every key to <paramref name="ring"/>: the table of an engine with one input ring.</summary>
    public static RingRoutes<T> Single(RingBuffer<T> ring) => new([ring], [], unrouted: 0);

    /// <summary>The rings, in executor order.</summary>
    public IReadOnlyList<RingBuffer<T>> Rings => _rings;

    /// <summary>How many rings.</summary>
    public int Count => _rings.Length;

    /// <summary>The ring at <paramref name="index"/>.</summary>
    public RingBuffer<T> this[int index] => _rings[index];

    /// <summary>The index of <paramref name="key"/>'s ring, −1 when no ring takes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(int key) => (uint)key < (uint)_ringOf.Length ? _ringOf[key] : _unrouted;
}

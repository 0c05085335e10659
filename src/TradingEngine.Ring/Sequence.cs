using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Ring;

/// <summary>
/// A sequence number shared between threads (the ring cursor or a consumer's progress), alone on its
/// cache line: <see cref="Padding.CacheLine"/> bytes before and after the value.
/// Writes are release stores and reads acquire loads (<see cref="Volatile"/>); on x86 both are plain moves.
/// </summary>
[StructLayout(LayoutKind.Explicit)]
public sealed class Sequence
{
    /// <summary>The value of a sequence before anything was claimed or processed.</summary>
    public const long InitialValue = -1;

    [FieldOffset(Padding.CacheLine)]
    private long _value;

    // StructLayout.Size is not honoured for classes: this never-touched field is what extends the object a
    // full padding past the value, so the next object on the heap cannot share the value's cache line.
#pragma warning disable CS0169, IDE0051
    [FieldOffset(Padding.CacheLine * 2)]
    private readonly long _trailingPadding;
#pragma warning restore CS0169, IDE0051

    public Sequence(long initialValue = InitialValue) => _value = initialValue;

    /// <summary>The current value (acquire read).</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _value);
    }

    /// <summary>Sets the value with a release store: everything written before it is visible to a reader that sees it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValue(long value) => Volatile.Write(ref _value, value);

    /// <summary>Sets the value with a full fence (store-load ordered), for the rare paths that need it.</summary>
    public void SetValueVolatile(long value) => Interlocked.Exchange(ref _value, value);

    /// <summary>Atomically adds <paramref name="increment"/> and returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AddAndGet(long increment) => Interlocked.Add(ref _value, increment);

    /// <summary>Atomically sets the value to <paramref name="next"/> when it equals <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long next) => Interlocked.CompareExchange(ref _value, next, expected) == expected;

    /// <summary>The raw field, for the layout test.</summary>
    internal ref long ValueRef => ref _value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The smallest value of <paramref name="sequences"/>, or <paramref name="minimum"/> when it is smaller or the set is empty.</summary>
    internal static long GetMinimum(Sequence[] sequences, long minimum)
    {
        for (var i = 0; i < sequences.Length; i++)
        {
            var value = sequences[i].Value;
            if (value < minimum)
                minimum = value;
        }
        return minimum;
    }
}

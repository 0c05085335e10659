using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TradingEngine.Indicators.Volume;

/// <summary>Scans over a ladder's used levels.</summary>
internal static class LevelMath
{
    /// <summary>
    /// Index of the largest value, the first one on ties (the lowest price of a ladder): the maximum in vector
    /// registers, then the vectorised search for its first occurrence. Equal to the scalar scan
    /// <c>for (i = 1..) if (v[i] &gt; v[best]) best = i</c> for every input. <paramref name="values"/> is not empty.
    /// </summary>
    public static int IndexOfFirstMax(ReadOnlySpan<long> values)
    {
        var max = values[0];
        var i = 1;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<long>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(values);
            var best = Vector256.LoadUnsafe(ref start);
            var last = values.Length - Vector256<long>.Count;
            for (var k = Vector256<long>.Count; k < last; k += Vector256<long>.Count)
                best = Vector256.Max(best, Vector256.LoadUnsafe(ref start, (nuint)k));
            best = Vector256.Max(best, Vector256.LoadUnsafe(ref start, (nuint)last)); // the tail, overlapping
            max = Math.Max(Math.Max(best[0], best[1]), Math.Max(best[2], best[3]));
            i = values.Length;
        }
        for (; i < values.Length; i++)
        {
            if (values[i] > max)
                max = values[i];
        }
        return values.IndexOf(max);
    }
}

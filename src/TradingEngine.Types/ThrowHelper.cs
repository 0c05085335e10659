using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Types;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowPrecision(int precision) =>
        throw new ArgumentOutOfRangeException(nameof(precision), precision, $"precision must be 0..{FixedPoint.MaxPrecision}");
}

using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// Fixed-point raw values to doubles for the numeric board: the one conversion nodes use and a compiled plan's inline
/// <see cref="InlineForm.FormingClose"/> emits, so both give the same double.
/// </summary>
internal static class PriceMath
{
    // One source for the conversion: FixedPoint.ToDouble (Types), which Price/Quantity and the codecs use too.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(long raw, byte precision) => FixedPoint.ToDouble(raw, precision);
}

using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Engine.Aggregation;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowSpec(string text, string expected) =>
        throw new FormatException($"bar specification '{text}': {expected}");

    [DoesNotReturn]
    public static void ThrowArgument(string name, string message) =>
        throw new ArgumentException(message, name);

    [DoesNotReturn]
    public static void ThrowPrecision(string what, int actual, int expected) =>
        throw new ArgumentException($"{what} has precision {actual}, the aggregator was built for {expected}; normalise it upstream");

    [DoesNotReturn]
    public static void ThrowSnapshot(string message) =>
        throw new InvalidDataException($"candle aggregator snapshot: {message}");

    [DoesNotReturn]
    public static void ThrowTooSmall(int available, int required) =>
        throw new ArgumentException($"snapshot buffer holds {available} bytes, the aggregator state needs {required}", "destination");
}

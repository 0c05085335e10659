using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Ring;

/// <summary>Cold throw paths kept out of the hot methods so those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowRingSizeNotPowerOfTwo(int size) =>
        throw new ArgumentOutOfRangeException(nameof(size), size, $"ring size must be a power of two >= 1, got {size}");

    [DoesNotReturn]
    public static void ThrowClaimSizeOutOfRange(int n, int bufferSize) =>
        throw new ArgumentOutOfRangeException(nameof(n), n, $"claim size must be between 1 and the ring size {bufferSize}, got {n}");

    [DoesNotReturn]
    public static void ThrowBatchIndexOutOfRange(int index, int count) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"batch index must be between 0 and {count - 1}, got {index}");

    [DoesNotReturn]
    public static void ThrowProcessorAlreadyStarted(string name) =>
        throw new InvalidOperationException($"processor '{name}' was already started; a processor runs once");

    [DoesNotReturn]
    public static void ThrowPipelineStarted() =>
        throw new InvalidOperationException("handlers must be added before the pipeline is started");

    [DoesNotReturn]
    public static void ThrowForeignProcessor(string name) =>
        throw new ArgumentException($"processor '{name}' does not consume this ring, so nothing can be wired after it");

    [DoesNotReturn]
    public static void ThrowTimeoutOutOfRange(TimeSpan timeout) =>
        throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "wait timeout must be positive and at most int.MaxValue ms");

    [DoesNotReturn]
    public static void ThrowAffinity(int cpu, int errno) =>
        throw new InvalidOperationException($"sched_setaffinity to cpu {cpu} failed with errno {errno}");

    [DoesNotReturn]
    public static void ThrowAffinityCpuOutOfRange(int cpu) =>
        throw new ArgumentOutOfRangeException(nameof(cpu), cpu, "cpu must be between 0 and 1023");

    [DoesNotReturn]
    public static void ThrowAffinityNotSupported() =>
        throw new PlatformNotSupportedException("thread pinning uses sched_setaffinity and is only available on Linux");
}

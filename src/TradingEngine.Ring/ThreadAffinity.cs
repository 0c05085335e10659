using System.Runtime.InteropServices;

namespace TradingEngine.Ring;

/// <summary>
/// Pins the calling thread to one CPU with Linux <c>sched_setaffinity</c>, for the native profiles
/// (a consumer or executor thread alone on an isolated core). Elsewhere it reports not supported.
/// </summary>
internal static partial class ThreadAffinity
{
    private const int MaxCpus = 1024;

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Pins the calling thread to <paramref name="cpu"/>; throws when the OS refuses (e.g. the CPU is offline or not allowed).</summary>
    public static void PinCurrentThread(int cpu)
    {
        if (!TryPinCurrentThread(cpu, out var errno))
            ThrowHelper.ThrowAffinity(cpu, errno);
    }

    /// <summary>Pins the calling thread to <paramref name="cpu"/>; false with the errno when the OS refuses.</summary>
    public static unsafe bool TryPinCurrentThread(int cpu, out int errno)
    {
        if (!IsSupported)
            ThrowHelper.ThrowAffinityNotSupported();
        if ((uint)cpu >= MaxCpus)
            ThrowHelper.ThrowAffinityCpuOutOfRange(cpu);
        var mask = stackalloc ulong[MaxCpus / 64];
        new Span<ulong>(mask, MaxCpus / 64).Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        // pid 0: the calling thread.
        if (SchedSetAffinity(0, MaxCpus / 8, mask) == 0)
        {
            errno = 0;
            return true;
        }
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);
}

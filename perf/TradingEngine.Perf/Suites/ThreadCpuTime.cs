using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// CPU time of the calling thread (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>; elsewhere the process's, which
/// for a one-thread measurement is close): the time the thread ran, without the time a busy machine kept it waiting
/// for a core. On a machine shared by other builds a run's wall time mostly measures the neighbours; its CPU time
/// still measures the work (the caches the neighbours spoil remain in it).
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Seconds of CPU the calling thread has used.</summary>
    public static double Seconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0)
            return t.Seconds + t.Nanoseconds / 1e9;
        return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }
}

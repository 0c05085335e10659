using System.Diagnostics;
using System.Globalization;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// What one measured leg cost this process per item: CPU time (every thread, user + system), bytes allocated, and the
/// garbage collections it caused. On a shared machine the CPU time per item moves far less than the rate does, so it says
/// where the work is when the wall-clock figures are a scheduler's.
/// </summary>
public readonly struct LegCost
{
    private readonly TimeSpan _cpu;
    private readonly long _allocated;
    private readonly int _gen0, _gen2;

    private LegCost(TimeSpan cpu, long allocated, int gen0, int gen2) => (_cpu, _allocated, _gen0, _gen2) = (cpu, allocated, gen0, gen2);

    public static LegCost Start() => new(Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(2));

    public Cost Stop(long items)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        return new Cost(cpu.TotalMicroseconds / items, (double)allocated / items, GC.CollectionCount(0) - _gen0, GC.CollectionCount(2) - _gen2);
    }

    /// <param name="CpuMicroseconds">CPU µs per item, all threads of this process.</param>
    /// <param name="AllocatedBytes">bytes allocated per item.</param>
    /// <param name="Gen0">gen0 collections during the leg (a gen2 counts in both).</param>
    /// <param name="Gen2">gen2 collections during the leg.</param>
    public sealed record Cost(double CpuMicroseconds, double AllocatedBytes, int Gen0, int Gen2)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{CpuMicroseconds:F2} µs CPU, {AllocatedBytes:F0} B allocated, {Gen0} gen0 / {Gen2} gen2 GCs");
    }
}

using System.Diagnostics;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// The process' own figures, on every role's endpoint under the names Prometheus' client libraries use
/// (<c>process_*</c>, <c>dotnet_*</c>): resident memory, CPU time, start time, threads, GC collections per generation
/// (gen 0 must stay flat in steady state: the hot paths allocate nothing) and bytes allocated.
/// </summary>
internal static class ProcessMetrics
{
    private static readonly string[] Generations = ["0", "1", "2"];
    private static readonly double StartTimeSeconds = (Process.GetCurrentProcess().StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;

    public static void Write(PrometheusTextWriter w)
    {
        using var process = Process.GetCurrentProcess();
        w.Family("process_resident_memory_bytes", "gauge", "Resident set size of the process.");
        w.Sample("process_resident_memory_bytes", process.WorkingSet64);
        w.Family("process_cpu_seconds_total", "counter", "User and system CPU time of the process.");
        w.Sample("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);
        w.Family("process_start_time_seconds", "gauge", "Start time of the process, seconds since the Unix epoch.");
        w.Sample("process_start_time_seconds", StartTimeSeconds);
        w.Family("process_num_threads", "gauge", "Threads of the process.");
        w.Sample("process_num_threads", process.Threads.Count);
        w.Family("dotnet_gc_collections_total", "counter", "Garbage collections per generation since the process started.");
        for (var g = 0; g < Generations.Length; g++)
            w.Sample("dotnet_gc_collections_total", "generation", Generations[g], GC.CollectionCount(g));
        w.Family("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated by every thread since the process started.");
        w.Sample("dotnet_gc_allocated_bytes_total", GC.GetTotalAllocatedBytes());
        w.Family("dotnet_gc_heap_bytes", "gauge", "Bytes of the managed heap in use after the last collection.");
        w.Sample("dotnet_gc_heap_bytes", GC.GetTotalMemory(forceFullCollection: false));
    }
}

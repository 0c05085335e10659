using System.Diagnostics;
using System.Globalization;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// Brings a freshly built executor to where the journal ends, before it goes live: recovery restores the newest good
/// snapshot and replays the journal after it; warm-up replays the journal's last N hours of event time into a cold
/// executor. Both feed the journal through the same <see cref="InMemoryDriver{TSink}"/> and executor that then runs
/// live: there is one code path, the one <c>te replay</c> uses, only the first sequence and the event-time window differ.
/// The driver's sink decides what happens to the replayed outputs (the live engine discards them: see docs/recovery.md).
/// </summary>
public static class EngineRecovery
{
    private const int BatchSize = 256;

    /// <summary>
    /// Restores the newest snapshot in <paramref name="snapshotDirectory"/> (if any) that checks out and that the journal covers,
    /// then replays journal sequences after it up to <paramref name="upToSequence"/>. Without a usable snapshot the
    /// whole journal is replayed, or only its last <paramref name="warmUp"/> of event time when given.
    /// </summary>
    /// <param name="driver">Drives the executor that will run live; its symbols registry is <paramref name="symbols"/>.</param>
    /// <param name="upToSequence">Last journal sequence to replay (the live journal writer's next sequence − 1; all when max).</param>
    /// <param name="sourceThrough">When given, only snapshots whose last covered event has a source (stream) sequence up to
    /// it are restored: the replay must reproduce every output after it (the output mark, docs/recovery.md).</param>
    public static RecoveryResult Restore<TSink>(InMemoryDriver<TSink> driver, SymbolRegistry symbols, string? snapshotDirectory,
        string journalDirectory, TimeSpan? warmUp = null, long upToSequence = long.MaxValue, long? sourceThrough = null)
        where TSink : struct, IOutputSink
    {
        var stopwatch = Stopwatch.StartNew();
        var tail = Math.Min(upToSequence, JournalTail.Read(journalDirectory).Sequence);
        var rejected = new List<string>();
        SnapshotInfo? snapshot = null;
        if (snapshotDirectory is not null && Directory.Exists(snapshotDirectory))
        {
            var store = new SnapshotStore(snapshotDirectory);
            var refuse = sourceThrough is { } through
                ? sequence => SourceSequenceAt(journalDirectory, symbols, sequence) is var source && source > through
                    ? $"covers stream sequence {source}, after the output mark {through} (its outputs may not all have been published)"
                    : null
                : (Func<long, string?>?)null;
            snapshot = store.LoadNewest(tail, (bytes, name) => ExecutorSnapshot.Restore(driver.Executor, symbols, bytes, name), rejected, refuse);
            if (snapshot is { } restored)
                driver.Executor.LastSourceSequence = LastSourceSequenceThrough(journalDirectory, symbols, restored.Sequence);
        }
        var replay = snapshot is { } s
            ? ReplayJournal(driver, symbols, journalDirectory, s.Sequence + 1, long.MinValue, tail)
            : ReplayJournal(driver, symbols, journalDirectory, 1, WindowStart(journalDirectory, symbols, warmUp), tail);
        return new RecoveryResult(snapshot, rejected, replay.From, replay.Last, replay.Events, replay.Skipped, stopwatch.Elapsed);
    }

    /// <summary>
    /// The stream position a snapshot at journal <paramref name="sequence"/> covers: the last non-zero source sequence at or
    /// before it (timers and gap events carry none and run at the one before them, <see cref="SymbolExecutor.LastSourceSequence"/>);
    /// long.MaxValue when the event cannot be read or none is found, so such a snapshot is not taken as covering only
    /// published outputs.
    /// </summary>
    private static long SourceSequenceAt(string journalDirectory, SymbolRegistry symbols, long sequence) =>
        LastSourceSequenceThrough(journalDirectory, symbols, sequence) is > 0 and var source ? source : long.MaxValue;

    /// <summary>
    /// The last non-zero source sequence of the journal's events up to <paramref name="sequence"/> (0: none, or unreadable),
    /// searched in a bounded window before it first (timers are a few per second), then from the journal's start.
    /// </summary>
    private static long LastSourceSequenceThrough(string journalDirectory, SymbolRegistry symbols, long sequence)
    {
        foreach (var from in new[] { Math.Max(1, sequence - 65_536), 1L })
        {
            long last = 0;
            using var reader = new JournalReader(journalDirectory, symbols, from);
            while (reader.TryRead(out _) && reader.Sequence <= sequence)
            {
                if (reader.SourceSequenceAtWrite > 0)
                    last = reader.SourceSequenceAtWrite;
            }
            if (last > 0 || from == 1)
                return last;
        }
        return 0;
    }

    /// <summary>Replays the journal's last <paramref name="window"/> of event time (measured back from its last event) into a cold executor.</summary>
    public static RecoveryResult WarmUp<TSink>(InMemoryDriver<TSink> driver, SymbolRegistry symbols, string journalDirectory,
        TimeSpan window, long upToSequence = long.MaxValue)
        where TSink : struct, IOutputSink
    {
        if (window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), window, "a warm-up window must be positive (e.g. 6h)");
        var stopwatch = Stopwatch.StartNew();
        var tail = Math.Min(upToSequence, JournalTail.Read(journalDirectory).Sequence);
        var replay = ReplayJournal(driver, symbols, journalDirectory, 1, WindowStart(journalDirectory, symbols, window), tail);
        return new RecoveryResult(null, [], replay.From, replay.Last, replay.Events, replay.Skipped, stopwatch.Elapsed);
    }

    /// <summary>
    /// Parses a warm-up window: a duration as <see cref="DurationText"/> writes them (<c>90s</c>, <c>30m</c>, <c>6h</c>,
    /// <c>2d</c>, any case) or a TimeSpan (<c>01:30:00</c>); zero, negative or longer than TimeSpan holds is refused.
    /// </summary>
    public static TimeSpan ParseWindow(string text)
    {
        var t = text.Trim();
        if (DurationText.TryParse(t.ToLowerInvariant(), out var duration) && duration > TimeSpan.Zero)
            return duration;
        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
            return span;
        throw new FormatException($"warm-up window '{text}': expected a positive duration such as 90s, 30m, 6h, 2d or 01:30:00");
    }

    /// <summary>
    /// The event time where a warm-up of <paramref name="window"/> starts: the journal's latest event time minus the
    /// window (long.MinValue: no window). The latest time is taken over the last segment only (bounded work), since
    /// segments follow each other in time.
    /// </summary>
    private static long WindowStart(string journalDirectory, SymbolRegistry symbols, TimeSpan? window)
    {
        if (window is not { } w || !Directory.Exists(journalDirectory))
            return long.MinValue;
        var segments = Directory.GetFiles(journalDirectory, "*.tej");
        Array.Sort(segments, StringComparer.Ordinal);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(segments[i]), NumberStyles.None, CultureInfo.InvariantCulture, out var first))
                continue;
            using var reader = new JournalReader(journalDirectory, symbols, first);
            var last = long.MinValue;
            while (reader.TryRead(out var e))
            {
                if (e.EventTime > last)
                    last = e.EventTime;
            }
            if (last != long.MinValue)
                return last - w.Ticks * 100;
        }
        return long.MinValue;
    }

    private static (long From, long Last, long Events, long Skipped) ReplayJournal<TSink>(InMemoryDriver<TSink> driver, SymbolRegistry symbols,
        string journalDirectory, long fromSequence, long fromEventTime, long upToSequence)
        where TSink : struct, IOutputSink
    {
        if (upToSequence < fromSequence || !Directory.Exists(journalDirectory))
            return (fromSequence, fromSequence - 1, 0, 0);
        using var reader = new JournalReader(journalDirectory, symbols, fromSequence);
        var batch = new MarketEvent[BatchSize];
        long events = 0, skipped = 0, last = fromSequence - 1;
        var n = 0;
        while (reader.Sequence < upToSequence && reader.TryRead(out var e))
        {
            last = reader.Sequence;
            if (e.EventTime < fromEventTime)
            {
                skipped++;
                continue;
            }
            // the executor is rebuilt as the live run had it: outputs and node failures carry the live source's
            // position (the JetStream sequence), not the journal's as in te replay
            e.SourceSequence = reader.SourceSequenceAtWrite;
            batch[n++] = e;
            events++;
            if (n == BatchSize)
            {
                driver.Feed(batch.AsSpan(0, n));
                n = 0;
            }
        }
        if (n > 0)
            driver.Feed(batch.AsSpan(0, n));
        if (reader.Damage is { } damage && last < upToSequence)
            throw new JournalDamagedException($"journal {journalDirectory}: damaged before sequence {upToSequence}, the state cannot be rebuilt past {last}: {damage}. " +
                $"`te journal verify {journalDirectory}` lists every bad frame; `te journal repair {journalDirectory}` salvages the frames after it", damage);
        return (fromSequence, last, events, skipped);
    }
}

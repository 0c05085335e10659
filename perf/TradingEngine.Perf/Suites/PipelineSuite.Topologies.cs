using System.Diagnostics;
using System.Threading.Channels;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class PipelineSuite
{
    // A full blocking collection before a timed from-memory run: the previous runs' executors and ladders are garbage,
    // and a collection of them landing inside a short run (a quick run's 200k trades take ~30 ms) cost one run 4x.
    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    /// <summary>The executor alone: events from the array in batches, as <c>te replay</c> drives it.</summary>
    private static TopologyRun MemoryRun(Workload w)
    {
        var driver = new InMemoryDriver<CountingSink>(w.NewExecutor(), default);
        var run = TimeBatches(w, batch => driver.Feed(batch));
        return run with { Outputs = driver.Sink.Outputs, Failures = Failures(driver.Executor) };
    }

    private delegate void BatchFeed(ReadOnlySpan<MarketEvent> batch);

    /// <summary>
    /// The workload's events through <paramref name="feed"/> in batches of <see cref="BatchSize"/>, timed, with the
    /// bytes the whole process allocated (in all, and after the first batch: the first batch starts every node, a
    /// ladder is sized on the first trade's price precision, so what comes after it is the steady state the 0 B/tick
    /// bar is about). Outputs and failures are the caller's to fill in.
    /// </summary>
    private static TopologyRun TimeBatches(Workload w, BatchFeed feed)
    {
        var events = w.Events;
        Settle();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        feed(events.AsSpan(0, Math.Min(BatchSize, events.Length)));
        var afterFirstBatch = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = BatchSize; i < events.Length; i += BatchSize)
            feed(events.AsSpan(i, Math.Min(BatchSize, events.Length - i)));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var end = GC.GetTotalAllocatedBytes(precise: true);
        return new TopologyRun(events.Length / seconds, events.Length, 0, end - allocated, 0)
        {
            TicksPerSecond = w.Ticks / seconds,
            SteadyAllocatedBytes = end - afterFirstBatch,
        };
    }

    /// <summary>
    /// Input ring → executor → output ring → consumer, and with <paramref name="journalDir"/> the journaler on the input
    /// ring beside the executor. Timed from the first publish until every event is handled and every output consumed.
    /// </summary>
    private static TopologyRun RingRun(Workload w, string? journalDir) =>
        RingTopology(w, journalDir, latency: null);

    private static TopologyRun RingTopology(Workload w, string? journalDir, LatencyProbe? latency, OutputLatencySampler? sampler = null) =>
        RingTopology(w, journalDir, latency, sampler, static (executor, input, output) => new ExecutorRingHandler<OutputRingSink>(executor, input, new OutputRingSink(output)));

    private static TopologyRun RingTopology<THandler>(Workload w, string? journalDir, LatencyProbe? latency, OutputLatencySampler? sampler,
        Func<SymbolExecutor, RingBuffer<MarketEvent>, RingBuffer<OutputMessage>, THandler> handler)
        where THandler : IEventHandler<MarketEvent>
    {
        var executor = w.NewExecutor();
        executor.OutputLatency = sampler; // --metrics-overhead: te run --metrics' sampling on the executor thread
        // how each thread waits and where it runs: Threads (--profile, default dev-2core; --profile none: yielding input
        // ring, blocking output ring)
        var input = RingBuffer<MarketEvent>.CreateSingleProducer(RingSize, Threads.InputRing());
        var output = RingBuffer<OutputMessage>.CreateSingleProducer(RingSize, Threads.OutputRing());
        var (consumerBarrier, consumerOptions) = Threads.Consumer(output, "publisher");
        var consumer = new BatchEventProcessor<OutputMessage, OutputRecorder>(output, consumerBarrier, new OutputRecorder(latency), consumerOptions);
        output.AddGatingSequences(consumer.Sequence);
        var (executorBarrier, executorOptions) = Threads.Consumer(input, ExecutorThread);
        var executorProcessor = new BatchEventProcessor<MarketEvent, THandler>(input, executorBarrier, handler(executor, input, output), executorOptions);
        input.AddGatingSequences(executorProcessor.Sequence);
        JournalWriter? writer = null;
        BatchEventProcessor<MarketEvent, Journaler>? journaler = null;
        if (journalDir is not null)
        {
            writer = JournalWriter.Open(journalDir, w.Symbols);
            var (journalBarrier, journalOptions) = Threads.Consumer(input, "journaler");
            journaler = new BatchEventProcessor<MarketEvent, Journaler>(input, journalBarrier, new Journaler(writer), journalOptions);
            input.AddGatingSequences(journaler.Sequence);
        }
        // as the host does: a cooperative thread yields its core to the consumers the profile pins beside it
        Threads.Link([(output.Cursor, [consumer]), (input.Cursor, journaler is null ? [executorProcessor] : [executorProcessor, journaler])]);
        // Our own threads (not Start) so that each OS thread is joined before the next run is measured.
        var threads = new List<Thread>
        {
            new(consumer.Run) { IsBackground = true, Name = consumer.Name },
            new(executorProcessor.Run) { IsBackground = true, Name = executorProcessor.Name },
        };
        if (journaler is not null)
            threads.Add(new Thread(journaler.Run) { IsBackground = true, Name = journaler.Name });
        foreach (var t in threads)
            t.Start();
        WaitRunning(() => consumer.State);
        WaitRunning(() => executorProcessor.State);
        if (journaler is not null)
            WaitRunning(() => journaler.State);

        var events = w.Events;
        var count = latency?.Events ?? events.Length;
        var last = count - 1L;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        if (latency is null)
        {
            for (var i = 0; i < events.Length; i++)
            {
                var sequence = input.Next();
                input[sequence] = events[i];
                input.Publish(sequence);
            }
        }
        else
        {
            PublishPaced(input, events, latency);
        }
        var spinner = new SpinWait();
        while (executorProcessor.Sequence.Value < last || (journaler is not null && journaler.Sequence.Value < last))
            spinner.SpinOnce(sleep1Threshold: -1);
        var outputs = output.Cursor.Value;
        while (consumer.Sequence.Value < outputs)
            spinner.SpinOnce(sleep1Threshold: -1);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        latency?.Stages?.RunEnded(); // --stages: the threads' context switches, read while they still exist

        consumer.Halt();
        executorProcessor.Halt();
        journaler?.Halt();
        foreach (var t in threads)
            t.Join();
        writer?.Dispose();
        if (journalDir is not null)
            Directory.Delete(journalDir, recursive: true);
        return new TopologyRun(count / seconds, count, outputs + 1, allocated, Failures(executor));
    }

    /// <summary>Node and event failures the executor counted: a run that lost work must not pass for a fast one.</summary>
    private static long Failures(SymbolExecutor executor)
    {
        var sample = executor.Counters.Sample();
        return sample.NodeFailures + sample.EventFailures;
    }

    private static void PublishPaced(RingBuffer<MarketEvent> input, MarketEvent[] events, LatencyProbe probe)
    {
        var due = Stopwatch.GetTimestamp();
        for (var i = 0; i < probe.Events; i++)
        {
            due += probe.IntervalTicks;
            while (Stopwatch.GetTimestamp() < due)
            {
            }
            var sequence = input.Next();
            input[sequence] = events[i];
            // written before Publish, so the consumers see it once they see the event
            probe.Stamps[i] = Stopwatch.GetTimestamp();
            input.Publish(sequence);
        }
    }

    private static void WaitRunning(Func<ProcessorState> state)
    {
        var spinner = new SpinWait();
        while (state() != ProcessorState.Running)
            spinner.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>The baseline: the same executor between two bounded channels, consumed the idiomatic async way.</summary>
    private static TopologyRun ChannelRun(Workload w) => ChannelTopology(w, latency: null);

    private static TopologyRun ChannelTopology(Workload w, LatencyProbe? latency)
    {
        var executor = w.NewExecutor();
        var options = new BoundedChannelOptions(RingSize) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait };
        var input = Channel.CreateBounded<MarketEvent>(options);
        var output = Channel.CreateBounded<OutputMessage>(options);
        var recorder = new RecorderBox(new OutputRecorder(latency));
        var drain = Task.Run(() => DrainAsync(output.Reader, recorder));
        var execute = latency?.Stages is { } stages
            ? Task.Run(() => ExecuteStagedAsync(input.Reader, executor, output.Writer, stages))
            : Task.Run(() => ExecuteAsync(input.Reader, executor, output.Writer));

        var events = latency is null ? w.Events : w.Events.AsSpan(0, latency.Events).ToArray();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var writer = input.Writer;
        var due = start;
        for (var i = 0; i < events.Length; i++)
        {
            if (latency is not null)
            {
                due += latency.IntervalTicks;
                while (Stopwatch.GetTimestamp() < due)
                {
                }
                latency.Stamps[i] = Stopwatch.GetTimestamp();
            }
            while (!writer.TryWrite(events[i]))
            {
                var room = writer.WaitToWriteAsync();
                if (!room.IsCompleted)
                    room.AsTask().Wait();
            }
        }
        writer.Complete();
        execute.Wait();
        drain.Wait();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        latency?.Stages?.RunEnded();
        return new TopologyRun(events.Length / seconds, events.Length, recorder.Value.Outputs, allocated, Failures(executor));
    }

    private static async Task ExecuteAsync(ChannelReader<MarketEvent> reader, SymbolExecutor executor, ChannelWriter<OutputMessage> output)
    {
        var driver = new InMemoryDriver<ChannelOutputSink>(executor, new ChannelOutputSink(output));
        var batch = new MarketEvent[BatchSize];
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            int n;
            while ((n = Take(reader, batch)) > 0)
                driver.Feed(batch.AsSpan(0, n));
        }
        output.Complete();
    }

    /// <summary>What the channel holds now, up to a batch (the ring hands the executor its backlog the same way).</summary>
    private static int Take(ChannelReader<MarketEvent> reader, MarketEvent[] batch)
    {
        var n = 0;
        while (n < batch.Length && reader.TryRead(out batch[n]))
            n++;
        return n;
    }

    private static async Task DrainAsync(ChannelReader<OutputMessage> reader, RecorderBox recorder)
    {
        long sequence = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            recorder.Value.OnBatchStart(0);
            while (reader.TryRead(out var message))
                recorder.Value.OnEvent(ref message, sequence++, false);
        }
    }

    /// <summary>Holds the recorder struct where the drain task and the caller both reach it.</summary>
    private sealed class RecorderBox(OutputRecorder recorder)
    {
        public OutputRecorder Value = recorder;
    }

    /// <summary>Counts what the executor produced (the from-memory topology has no consumer).</summary>
    private struct CountingSink : IOutputSink
    {
        public long Outputs;

        public void OnNodeOutput(in NodeOutput output) => Outputs++;

        public void OnMessage(in OutputMessage message) => Outputs++;

        public void OnCandleClosed(in Candle candle, long sourceSequence) => Outputs++;

        public readonly void OnEndOfBatch()
        {
        }
    }

    /// <summary>
    /// The channel baseline's output side: what <see cref="OutputRingSink"/> does (numeric node outputs as NodeValue
    /// messages, catalog messages, closed candles), into a bounded channel, so both sides carry the same outputs.
    /// </summary>
    private readonly struct ChannelOutputSink(ChannelWriter<OutputMessage> writer) : IOutputSink
    {
        public void OnNodeOutput(in NodeOutput output)
        {
            var m = new OutputMessage { Kind = MessageType.NodeValue, NodeId = output.Step, SourceSequence = output.SourceSequence };
            ref var v = ref m.NodeValue;
            v.Symbol = output.Symbol;
            v.EventTime = output.EventTime;
            v.Port = (ushort)output.Port;
            v.Persist = output.Persist;
            v.Value = output.Type == PortType.Number ? output.Number : output.Raw;
            Write(m);
        }

        public void OnMessage(in OutputMessage message) => Write(message);

        public void OnCandleClosed(in Candle candle, long sourceSequence)
        {
            var m = new OutputMessage { Kind = MessageType.Candle, NodeId = -1 };
            m.Candle = candle;
            Write(m);
        }

        public void OnEndOfBatch()
        {
        }

        private void Write(OutputMessage message)
        {
            while (!writer.TryWrite(message))
                writer.WaitToWriteAsync().AsTask().Wait();
        }
    }
}

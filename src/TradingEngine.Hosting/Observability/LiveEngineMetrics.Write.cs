using System.Globalization;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Observability;

public sealed partial class LiveEngineMetrics
{
    private static readonly RejectReason[] Reasons = Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None).ToArray();
    private static readonly string[] ReasonNames = Reasons.Select(r => r.ToString()).ToArray();
    private static readonly string[] Quantiles = LatencyHistogram.Quantiles.Select(q => q.ToString(CultureInfo.InvariantCulture)).ToArray();

    public void WriteMetrics(PrometheusTextWriter w)
    {
        Collect();
        w.Family("te_up", "gauge", "1 once the engine runs (0 while it connects and recovers).");
        if (_engine is not { } engine)
        {
            w.Sample("te_up", "role", "engine", 0);
            return;
        }
        w.Sample("te_up", "role", "engine", 1);
        WriteIngestion(w, engine);
        WriteRings(w, engine);
        WriteExecutors(w, engine);
        WriteLatency(w, engine);
        WriteJournals(w, engine);
        WritePublication(w, engine);
        lock (_collecting)
            _sink?.Write(w);
    }

    private void WriteIngestion(PrometheusTextWriter w, NatsLiveEngine engine)
    {
        var c = engine.Ingestion;
        w.Family("te_input_received_total", "counter", "Input messages received (accepted + rejected).");
        w.Sample("te_input_received_total", c.AcceptedTotal + c.RejectedTotal);
        w.Family("te_input_accepted_total", "counter", "Input messages accepted into the rings, by kind.");
        w.Sample("te_input_accepted_total", "kind", "tick", c.Accepted(MarketEventKind.Tick));
        w.Sample("te_input_accepted_total", "kind", "quote", c.Accepted(MarketEventKind.Quote));
        w.Sample("te_input_accepted_total", "kind", "candle", c.Accepted(MarketEventKind.Candle));
        w.Family("te_input_rejected_total", "counter", "Input messages rejected, by reason (each one dead-lettered).");
        for (var i = 0; i < Reasons.Length; i++)
            w.Sample("te_input_rejected_total", "reason", ReasonNames[i], c.Rejected(Reasons[i]));
        w.Family("te_input_rejected_by_symbol_total", "counter", $"Input messages rejected, by the symbol their subject names (at most {Nats.IngestionCounters.SymbolLimit} symbols, then '{Nats.IngestionCounters.OtherSymbols}') and reason.");
        foreach (var (symbol, reason, count) in c.RejectedBySymbol())
            w.Sample("te_input_rejected_by_symbol_total", "symbol", symbol, "reason", reason.ToString(), count);
        w.Family("te_dead_letters_total", "counter", "Rejected messages published to deadletter.<subject>.");
        w.Sample("te_dead_letters_total", c.DeadLetteredCount);
        w.Family("te_dead_letter_failures_total", "counter", "Rejected messages whose dead-letter publish failed (still counted as rejected).");
        w.Sample("te_dead_letter_failures_total", c.DeadLetterFailedCount);
        w.Family("te_nats_gap_events_total", "counter", "Gap events written into the rings (lost input made visible: slow consumer, reconnect).");
        w.Sample("te_nats_gap_events_total", c.GapEvents);
        w.Family("te_nats_slow_consumer_drops_total", "counter", "Messages the NATS client dropped for a slow consumer.");
        w.Sample("te_nats_slow_consumer_drops_total", c.DroppedMessages);
        w.Family("te_nats_reconnects_total", "counter", "Reconnections of the input connection.");
        w.Sample("te_nats_reconnects_total", c.ReconnectCount);
        w.Family("te_nats_connected", "gauge", "1 while the connection is open, by connection (external, internal).");
        w.Sample("te_nats_connected", "connection", "external", engine.Connections.External.ConnectionState == NATS.Client.Core.NatsConnectionState.Open ? 1 : 0);
        w.Sample("te_nats_connected", "connection", "internal", engine.Connections.Internal.ConnectionState == NATS.Client.Core.NatsConnectionState.Open ? 1 : 0);
        w.Family("te_input_ring_full_waits_total", "counter", "Input claims that found the ring full and waited for its consumers.");
        w.Sample("te_input_ring_full_waits_total", c.RingFullWaits);
        if (!_options.JetStream)
            return;
        w.Family("te_jetstream_duplicates_total", "counter", "JetStream re-deliveries of messages already journaled (skipped, acked).");
        w.Sample("te_jetstream_duplicates_total", c.DuplicateCount);
        w.Family("te_jetstream_acks_total", "counter", "JetStream acks sent (each covers every earlier message).");
        w.Sample("te_jetstream_acks_total", c.AckCount);
        w.Family("te_input_not_owned_total", "counter", "JetStream messages of symbols this engine does not own (skipped, acked).");
        w.Sample("te_input_not_owned_total", c.NotOwnedCount);
        w.Family("te_jetstream_consumer_info_errors_total", "counter", "Failed requests for the consumer's state (the last known state stays exported).");
        w.Sample("te_jetstream_consumer_info_errors_total", Interlocked.Read(ref _jetStreamErrors));
        if (_jetStream is not { } js)
            return;
        w.Family("te_jetstream_consumer_pending", "gauge", "Stream messages not yet delivered to the engine's durable consumer.");
        w.Sample("te_jetstream_consumer_pending", "consumer", _options.ConsumerName, js.Pending);
        w.Family("te_jetstream_consumer_ack_pending", "gauge", "Messages delivered and not yet acked (not yet durable in the journal).");
        w.Sample("te_jetstream_consumer_ack_pending", "consumer", _options.ConsumerName, js.AckPending);
        w.Family("te_jetstream_consumer_ack_floor", "gauge", "Stream sequence up to which every message is acked.");
        w.Sample("te_jetstream_consumer_ack_floor", "consumer", _options.ConsumerName, js.AckFloor);
    }

    private static void WriteRings(PrometheusTextWriter w, NatsLiveEngine engine)
    {
        var executors = engine.Engines.Executors;
        var outputs = engine.Host.Outputs;
        var consumers = engine.Host.Consumers;
        w.Family("te_ring_size", "gauge", "Slots of each ring (input:<executor>, output:<consumer>).");
        for (var i = 0; i < engine.Host.Inputs.Count; i++)
            w.Sample("te_ring_size", "ring", "input:" + executors[i].Config.Name, engine.Host.Inputs[i].Ring.Size);
        for (var i = 0; i < outputs.Count; i++)
            w.Sample("te_ring_size", "ring", "output:" + consumers[i].Name, outputs[i].Ring.Size);
        w.Family("te_ring_occupancy", "gauge", "Slots published and not yet released by the ring's slowest consumer.");
        for (var i = 0; i < engine.Host.Inputs.Count; i++)
            w.Sample("te_ring_occupancy", "ring", "input:" + executors[i].Config.Name, engine.Host.Inputs[i].Ring.Occupancy);
        for (var i = 0; i < outputs.Count; i++)
            w.Sample("te_ring_occupancy", "ring", "output:" + consumers[i].Name, outputs[i].Ring.Occupancy);
        w.Family("te_ring_consumer_lag", "gauge", "Events a ring's consumer thread is behind the ring's cursor.");
        for (var i = 0; i < engine.Host.Inputs.Count; i++)
        {
            var ring = engine.Host.Inputs[i].Ring;
            foreach (var p in engine.Host.Inputs[i].Processors)
                w.Sample("te_ring_consumer_lag", "ring", "input:" + executors[i].Config.Name, "consumer", p.Name, Math.Max(0, ring.Cursor.Value - p.Sequence.Value));
        }
        for (var i = 0; i < outputs.Count; i++)
        {
            var ring = outputs[i].Ring;
            foreach (var p in outputs[i].Processors)
                w.Sample("te_ring_consumer_lag", "ring", "output:" + consumers[i].Name, "consumer", p.Name, Math.Max(0, ring.Cursor.Value - p.Sequence.Value));
        }
        w.Family("te_ring_producer_waits_total", "counter", "Claims that waited because the ring was full.");
        for (var i = 0; i < engine.Host.Inputs.Count; i++)
            w.Sample("te_ring_producer_waits_total", "ring", "input:" + executors[i].Config.Name, engine.Host.Inputs[i].Ring.ProducerWaitCount);
        for (var i = 0; i < outputs.Count; i++)
            w.Sample("te_ring_producer_waits_total", "ring", "output:" + consumers[i].Name, outputs[i].Ring.ProducerWaitCount);
        w.Family("te_outputs_dropped_total", "counter", "Outputs the executors dropped for a consumer whose ring stayed full (a stalled NATS server).");
        for (var i = 0; i < outputs.Count; i++)
            w.Sample("te_outputs_dropped_total", "consumer", consumers[i].Name, engine.Host.DroppedOutputs(i));
    }

    private static void WriteExecutors(PrometheusTextWriter w, NatsLiveEngine engine)
    {
        var executors = engine.Engines.Executors;
        var samples = executors.Select(e => e.Executor.Counters.Sample()).ToArray();
        w.Family("te_executor_events_total", "counter", "Events an executor processed, by kind.");
        for (var i = 0; i < executors.Count; i++)
        {
            var name = executors[i].Config.Name;
            w.Sample("te_executor_events_total", "executor", name, "kind", "tick", samples[i].Ticks);
            w.Sample("te_executor_events_total", "executor", name, "kind", "quote", samples[i].Quotes);
            w.Sample("te_executor_events_total", "executor", name, "kind", "candle", samples[i].Candles);
            w.Sample("te_executor_events_total", "executor", name, "kind", "timer", samples[i].Timers);
            w.Sample("te_executor_events_total", "executor", name, "kind", "gap", samples[i].Gaps);
        }
        Counter(w, "te_executor_node_failures_total", "Node exceptions caught by an executor (the node isolated, the event goes on).", executors, samples, s => s.NodeFailures);
        Counter(w, "te_executor_event_failures_total", "Events an executor refused (e.g. a precision other than the instrument's).", executors, samples, s => s.EventFailures);
        Counter(w, "te_executor_unknown_symbol_events_total", "Events of a symbol the executor does not own.", executors, samples, s => s.UnknownSymbols);
        Counter(w, "te_executor_lost_messages_total", "Input messages lost upstream, as the gap events counted them.", executors, samples, s => s.LostMessages);
        Counter(w, "te_executor_batches_total", "Ring batches an executor processed.", executors, samples, s => s.Batches);
        w.Family("te_symbol_events_total", "counter", "Events each symbol's pipeline processed.");
        foreach (var e in executors)
        {
            foreach (var p in e.Executor.Pipelines)
                w.Sample("te_symbol_events_total", "executor", e.Config.Name, "symbol", engine.Symbols.NameOf(p.Symbol), p.Dag.Events);
        }
        w.Family("te_symbol_left_out_total", "counter", "Input events a symbol's candle aggregation left out, by reason.");
        foreach (var e in executors)
        {
            foreach (var p in e.Executor.Pipelines)
            {
                var symbol = engine.Symbols.NameOf(p.Symbol);
                w.Sample("te_symbol_left_out_total", "symbol", symbol, "reason", "outside_session", p.Aggregator.OutsideSessionEvents);
                w.Sample("te_symbol_left_out_total", "symbol", symbol, "reason", "out_of_order", p.Aggregator.LateInputs);
                w.Sample("te_symbol_left_out_total", "symbol", symbol, "reason", "filtered", p.Aggregator.FilteredTicks);
                w.Sample("te_symbol_left_out_total", "symbol", symbol, "reason", "external_unread", p.Aggregator.IgnoredExternalCandles);
            }
        }
        // per node: only the nodes that failed (a process with 500 symbols of 40 nodes would export 20,000 zeros)
        w.Family("te_node_failures_total", "counter", "Exceptions of one node of one symbol's pipeline (nodes that never failed are not listed).");
        foreach (var e in executors)
        {
            foreach (var p in e.Executor.Pipelines)
            {
                var failures = p.Dag.FailureCounts;
                for (var step = 0; step < failures.Length; step++)
                {
                    if (failures[step] > 0)
                        w.Sample("te_node_failures_total", "executor", e.Config.Name, "symbol", engine.Symbols.NameOf(p.Symbol), "node", EngineFactory.NodeName(p.Dag.Dag, step) ?? step.ToString(CultureInfo.InvariantCulture), failures[step]);
                }
            }
        }
    }

    private void WriteLatency(PrometheusTextWriter w, NatsLiveEngine engine)
    {
        if (_latency.Length == 0)
            return;
        var executors = engine.Engines.Executors;
        lock (_collecting)
        {
            w.Family("te_tick_to_output_latency_seconds", "histogram", "Time from an input event's receipt (ingestion's stamp) to its outputs being in the output rings; one observation per output of the sampled events (one in te_latency_sample_every_events).");
            for (var i = 0; i < _latency.Length; i++)
                w.Histogram("te_tick_to_output_latency_seconds", "executor", executors[i].Config.Name, LatencyHistogram.BoundsSeconds, _latency[i].Buckets, _latency[i].SumSeconds);
            w.Family("te_tick_to_output_latency_quantile_seconds", "gauge", "Quantiles of the tick to output latency since start (HdrHistogram, 3 significant digits).");
            for (var i = 0; i < _latency.Length; i++)
            {
                for (var q = 0; q < Quantiles.Length; q++)
                    w.Sample("te_tick_to_output_latency_quantile_seconds", "executor", executors[i].Config.Name, "quantile", Quantiles[q], _latency[i].QuantileSeconds(LatencyHistogram.Quantiles[q]));
            }
            w.Family("te_executor_outputs_total", "counter", "Outputs an executor made, every one (counted apart from the latency sampling; as of its last end of batch).");
            for (var i = 0; i < _latency.Length; i++)
                w.Sample("te_executor_outputs_total", "executor", executors[i].Config.Name, _latency[i].Sampler!.Outputs);
            w.Family("te_latency_unsampled_outputs_total", "counter", "Outputs of the events the latency sampling passed over (it samples one event in te_latency_sample_every_events): not in the latency histogram.");
            for (var i = 0; i < _latency.Length; i++)
                w.Sample("te_latency_unsampled_outputs_total", "executor", executors[i].Config.Name, _latency[i].Sampler!.UnsampledOutputs);
            w.Family("te_latency_sample_every_events", "gauge", "The latency sampling takes one input event in this many (1: every event).");
            for (var i = 0; i < _latency.Length; i++)
                w.Sample("te_latency_sample_every_events", "executor", executors[i].Config.Name, _latency[i].Sampler!.SampleEvery);
            w.Family("te_latency_unmeasured_outputs_total", "counter", "Outputs of events without a receive stamp (live-clock timers): not in the latency histogram.");
            for (var i = 0; i < _latency.Length; i++)
                w.Sample("te_latency_unmeasured_outputs_total", "executor", executors[i].Config.Name, _latency[i].Sampler!.UnmeasuredOutputs);
            w.Family("te_latency_dropped_outputs_total", "counter", "Outputs whose latency sample found the sample buffer full (the collector fell behind): not in the histogram.");
            for (var i = 0; i < _latency.Length; i++)
                w.Sample("te_latency_dropped_outputs_total", "executor", executors[i].Config.Name, _latency[i].Sampler!.DroppedOutputs);
        }
    }

    private void WriteJournals(PrometheusTextWriter w, NatsLiveEngine engine)
    {
        var executors = engine.Engines.Executors;
        var journals = engine.Journals;
        w.Family("te_journal_sequence", "gauge", "Sequence of the last event each journal appended (sequences start at 1 and continue across restarts).");
        for (var i = 0; i < journals.Count; i++)
            w.Sample("te_journal_sequence", "executor", executors[i].Config.Name, journals[i].NextSequence - 1);
        w.Family("te_journal_durable_sequence", "gauge", "Journal sequence up to which every event is on disk (fsynced per policy).");
        for (var i = 0; i < journals.Count; i++)
            w.Sample("te_journal_durable_sequence", "executor", executors[i].Config.Name, journals[i].DurableSequence.Value);
        w.Family("te_journal_bytes_total", "counter", "Bytes each journal wrote (segment headers and LZ4 frames).");
        for (var i = 0; i < journals.Count; i++)
            w.Sample("te_journal_bytes_total", "executor", executors[i].Config.Name, journals[i].BytesWritten);
        lock (_collecting)
        {
            w.Family("te_journal_append_seconds", "histogram", "Time to compress and write one journal frame (a batch of events); one observation per frame.");
            JournalHistograms(w, "te_journal_append_seconds", executors, _journalAppend);
            w.Family("te_journal_append_quantile_seconds", "gauge", "Quantiles of te_journal_append_seconds since start (HdrHistogram, 3 significant digits).");
            JournalQuantiles(w, "te_journal_append_quantile_seconds", executors, _journalAppend);
            w.Family("te_journal_append_dropped_samples_total", "counter", "Frame append times that found the journal's sample buffer full (the collector fell behind): not in the histogram.");
            JournalDropped(w, "te_journal_append_dropped_samples_total", executors, _journalAppend);
            w.Family("te_journal_fsync_seconds", "histogram", "Time of one journal fsync; one observation per fsync.");
            JournalHistograms(w, "te_journal_fsync_seconds", executors, _journalFsync);
            w.Family("te_journal_fsync_quantile_seconds", "gauge", "Quantiles of te_journal_fsync_seconds since start (HdrHistogram, 3 significant digits).");
            JournalQuantiles(w, "te_journal_fsync_quantile_seconds", executors, _journalFsync);
            w.Family("te_journal_fsync_dropped_samples_total", "counter", "Fsync times that found the journal's sample buffer full (the collector fell behind): not in the histogram.");
            JournalDropped(w, "te_journal_fsync_dropped_samples_total", executors, _journalFsync);
        }
    }

    private static void JournalHistograms(PrometheusTextWriter w, string name, IReadOnlyList<ExecutorInstance> executors, LatencyHistogram?[] histograms)
    {
        for (var i = 0; i < histograms.Length; i++)
        {
            if (histograms[i] is { } h)
                w.Histogram(name, "executor", executors[i].Config.Name, LatencyHistogram.BoundsSeconds, h.Buckets, h.SumSeconds);
        }
    }

    private static void JournalQuantiles(PrometheusTextWriter w, string name, IReadOnlyList<ExecutorInstance> executors, LatencyHistogram?[] histograms)
    {
        for (var i = 0; i < histograms.Length; i++)
        {
            if (histograms[i] is not { } h)
                continue;
            for (var q = 0; q < Quantiles.Length; q++)
                w.Sample(name, "executor", executors[i].Config.Name, "quantile", Quantiles[q], h.QuantileSeconds(LatencyHistogram.Quantiles[q]));
        }
    }

    private static void JournalDropped(PrometheusTextWriter w, string name, IReadOnlyList<ExecutorInstance> executors, LatencyHistogram?[] histograms)
    {
        for (var i = 0; i < histograms.Length; i++)
        {
            if (histograms[i] is { } h)
                w.Sample(name, "executor", executors[i].Config.Name, h.JournalSamples!.Dropped);
        }
    }

    private static void WritePublication(PrometheusTextWriter w, NatsLiveEngine engine)
    {
        var p = engine.Publisher.Counters;
        w.Family("te_published_total", "counter", "Outputs published to NATS, by layer (internal binary, public JSON).");
        w.Sample("te_published_total", "layer", "internal", p.InternalPublished);
        w.Sample("te_published_total", "layer", "public", p.PublicPublished);
        w.Family("te_publish_failures_total", "counter", "Publishes that failed (NATS down).");
        w.Sample("te_publish_failures_total", p.Failures);
        w.Family("te_publish_batches_total", "counter", "Publisher flushes.");
        w.Sample("te_publish_batches_total", p.Batches);
        if (engine.Clock is { } clock)
        {
            w.Family("te_clock_timers_total", "counter", "Live-clock timer events written into the input rings.");
            w.Sample("te_clock_timers_total", clock.Injected);
            w.Family("te_clock_skipped_total", "counter", "Live-clock timers skipped because an input ring was full.");
            w.Sample("te_clock_skipped_total", clock.Skipped);
        }
    }

    private static void Counter(PrometheusTextWriter w, string name, string help, IReadOnlyList<ExecutorInstance> executors, CounterSample[] samples, Func<CounterSample, long> value)
    {
        w.Family(name, "counter", help);
        for (var i = 0; i < executors.Count; i++)
            w.Sample(name, "executor", executors[i].Config.Name, value(samples[i]));
    }
}

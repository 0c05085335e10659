using System.Buffers;
using System.Text.Json;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Tests.Nats;

/// <summary>The output ids (<see cref="OutputIndexer"/>, <c>metadata.output_index</c>) and the publisher's hand-over mark.</summary>
public sealed class OutputPublisherMarkTests
{
    private readonly SymbolRegistry _symbols = new();

    private OutputMessage Vwap(SymbolId symbol, long source, int node = 1)
    {
        var m = new OutputMessage { Kind = MessageType.Vwap, Symbol = symbol, NodeId = node, SourceSequence = source };
        m.Vwap.Symbol = symbol;
        return m;
    }

    [Fact]
    public void Outputs_are_numbered_within_their_source_event_per_symbol()
    {
        var es = _symbols.GetOrAdd("ES");
        var spy = _symbols.GetOrAdd("SPY");
        var ids = new OutputIndexer();

        Assert.Equal(0, ids.Next(Vwap(es, 7)));
        Assert.Equal(1, ids.Next(Vwap(es, 7)));
        Assert.Equal(0, ids.Next(Vwap(spy, 7))); // another symbol's event: its own numbering
        Assert.Equal(2, ids.Next(Vwap(es, 7)));
        Assert.Equal(0, ids.Next(Vwap(es, 9)));
        Assert.Equal(0, ids.Next(Vwap(_symbols.GetOrAdd("S40"), 9))); // a symbol id beyond the first arrays
    }

    [Fact]
    public void The_public_json_carries_the_output_index_next_to_the_source_sequence_and_core_nats_outputs_carry_neither()
    {
        var es = _symbols.GetOrAdd("ES");
        var json = new JsonMessageEncoder(_symbols);
        var buffer = new ArrayBufferWriter<byte>();

        json.Encode(Vwap(es, 42), buffer, 3);
        var metadata = JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("metadata");
        Assert.Equal(42, metadata.GetProperty("source_sequence").GetInt64());
        Assert.Equal(3, metadata.GetProperty("output_index").GetInt32());

        buffer.ResetWrittenCount();
        json.Encode(Vwap(es, 0), buffer, 3);
        metadata = JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("metadata");
        Assert.False(metadata.TryGetProperty("source_sequence", out _));
        Assert.False(metadata.TryGetProperty("output_index", out _));
    }

    [Fact]
    public void The_hand_over_mark_is_the_source_sequence_before_the_last_output_handed_and_skipped_outputs_keep_the_numbering()
    {
        var es = _symbols.GetOrAdd("ES");
        var publisher = new OutputPublisher(null, null, _symbols, new OutputRouting(_symbols));
        Assert.True(publisher.HandedThrough.All(w => w == 0));

        publisher.Skip(Vwap(es, 5));      // a recovery: known published, numbered only
        publisher.Publish(Vwap(es, 5));
        Assert.Equal(4, publisher.HandedThrough[es.Value]); // event 5 may have more outputs to come
        publisher.Publish(Vwap(es, 8));
        Assert.Equal(7, publisher.HandedThrough[es.Value]);
        publisher.Publish(Vwap(_symbols.GetOrAdd("NQ"), 0)); // core NATS: no stable position, no mark
        Assert.Equal(0, publisher.HandedThrough[_symbols.GetOrAdd("NQ").Value]);
    }

    [Fact]
    public void Numbering_and_marking_allocate_nothing_in_the_steady_state()
    {
        var es = _symbols.GetOrAdd("ES");
        var publisher = new OutputPublisher(null, null, _symbols, new OutputRouting(_symbols));
        var m = Vwap(es, 1);
        long allocated = -1;
        // a window that allocates nothing, after the JIT's first tiers (which allocate on this thread)
        for (var window = 0; window < 20 && allocated != 0; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                m.SourceSequence++;
                publisher.Publish(m);
                publisher.Skip(m);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task The_mark_file_keeps_other_symbols_marks_and_a_clean_stop_marks_every_symbol_through_the_journal_end()
    {
        var dir = Directory.CreateTempSubdirectory("te-output-mark-").FullName;
        try
        {
            var path = Path.Combine(dir, "outputs.published");
            await File.WriteAllTextAsync(path, "NQ 17\nES 3\n", TestContext.Current.CancellationToken);
            var es = _symbols.GetOrAdd("ES");
            var publisher = new OutputPublisher(null, null, _symbols, new OutputRouting(_symbols));
            publisher.Publish(Vwap(es, 11));
            var marks = new OutputMarkWriter(publisher, _symbols, path);
            marks.Start();
            await marks.StopAsync(["ES", "SPY"], 9);
            await marks.DisposeAsync();

            var read = OutputMarkWriter.Read(path);
            Assert.Equal(17, read["NQ"]);  // not published by this run: kept
            Assert.Equal(10, read["ES"]);  // handed through 10 (> the journal end passed)
            Assert.Equal(9, read["SPY"]);
            Assert.Empty(OutputMarkWriter.Read(Path.Combine(dir, "none")));

            await File.WriteAllTextAsync(path, "ES x\n", TestContext.Current.CancellationToken);
            var error = Assert.Throws<InvalidDataException>(() => OutputMarkWriter.Read(path));
            Assert.Contains("line 1: 'ES x'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Once_outputs_are_dropped_the_mark_is_held_where_it_was_even_at_a_clean_stop()
    {
        var dir = Directory.CreateTempSubdirectory("te-output-mark-").FullName;
        try
        {
            var path = Path.Combine(dir, "outputs.published");
            var es = _symbols.GetOrAdd("ES");
            var publisher = new OutputPublisher(null, null, _symbols, new OutputRouting(_symbols));
            long dropped = 0;
            var marks = new OutputMarkWriter(publisher, _symbols, path) { Interval = TimeSpan.FromMilliseconds(5), DroppedOutputs = () => Interlocked.Read(ref dropped) };
            publisher.Publish(Vwap(es, 5));
            marks.Start();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (marks.Written == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(5, TestContext.Current.CancellationToken);
            Assert.Equal(4, OutputMarkWriter.Read(path)["ES"]);
            Assert.False(marks.Held);

            // an output of event 6 dropped (the publisher's ring full), then event 30's handed over: a mark past 5 would
            // tell a recovery that event 6's output went out
            Interlocked.Increment(ref dropped);
            publisher.Publish(Vwap(es, 30));
            await marks.StopAsync(["ES"], 40);
            await marks.DisposeAsync();

            Assert.True(marks.Held);
            Assert.Equal(4, OutputMarkWriter.Read(path)["ES"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

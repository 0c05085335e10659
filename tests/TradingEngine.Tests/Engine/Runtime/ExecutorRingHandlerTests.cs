using TradingEngine.Engine.Runtime;
using TradingEngine.Ring;
using TradingEngine.Tests.Engine.Dag;
using TradingEngine.Tests.Engine.Pipelines;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Runtime;

public sealed class ExecutorRingHandlerTests
{
    private struct Collected : ILatencyRecorder
    {
        public long Outputs;

        public void Record(long nanos, long outputs) => Outputs += outputs;
    }

    private static long Total(in TestSink sink) => sink.Outputs + sink.Messages + sink.Candles;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(OutputLatencySampler.DefaultSampleEvery)]
    public void Metrics_on_sample_one_event_in_n_and_count_every_output_exactly(int every)
    {
        // the same events through a handler with sampling and one without: the latter's sink says what each event made
        var symbol = new SymbolId(3);
        var dag = PipelineFilesTests.Compile("pipelines/es_futures.yaml");
        var sampler = new OutputLatencySampler(1 << 16, every);
        var sampled = new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]) { OutputLatency = sampler };
        var plain = new SymbolExecutor([new SymbolPipeline(PipelineFilesTests.Compile("pipelines/es_futures.yaml"), symbol, 2, 0)]);
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(1024, new BlockingWaitStrategy());
        var on = new ExecutorRingHandler<TestSink>(sampled, ring, default);
        var off = new ExecutorRingHandler<TestSink>(plain, ring, default);
        var tape = new TickTape(symbol, 7);
        long measured = 0, unmeasured = 0, unsampled = 0;
        const int Events = 20_000;
        for (var i = 0; i < Events; i++)
        {
            var e = tape.Next();
            if (e.Kind == MarketEventKind.Tick)
                e.Tick.ReceiveTime = UtcNanos.Now(); // timers, quotes and gaps of the tape carry no stamp: unmeasured
            var copy = e;
            var endOfBatch = i % 50 == 49 || i == Events - 1;
            var before = Total(off.Sink);
            off.OnEvent(ref copy, i, endOfBatch);
            var made = Total(off.Sink) - before;
            if (i % every != 0)
                unsampled += made;
            else if (e.Kind == MarketEventKind.Tick)
                measured += made;
            else
                unmeasured += made;
            on.OnEvent(ref e, i, endOfBatch);
        }

        var collected = new Collected();
        sampler.Drain(ref collected);
        var outputs = Total(off.Sink);
        Assert.True(outputs > 1000, $"the ES pipeline made {outputs} outputs of {Events} events");
        Assert.Equal(outputs, Total(on.Sink)); // sampling changes no output
        Assert.Equal(outputs, sampler.Outputs);
        Assert.Equal(measured, collected.Outputs);
        Assert.Equal(unmeasured, sampler.UnmeasuredOutputs);
        Assert.Equal(unsampled, sampler.UnsampledOutputs);
        Assert.Equal(0, sampler.DroppedOutputs);
        Assert.Equal(outputs, collected.Outputs + sampler.UnmeasuredOutputs + sampler.UnsampledOutputs);
        if (every > 1)
            Assert.InRange(collected.Outputs, 1, outputs - 1);
    }
}

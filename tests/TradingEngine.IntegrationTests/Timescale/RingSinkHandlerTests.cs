using TradingEngine.Ring;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

public class RingSinkHandlerTests
{
    [Fact]
    public async Task Ring_consumers_on_the_input_and_output_rings_store_every_tick_and_output_once()
    {
        using var timeout = SinkExactlyOnceTests.Timeout();
        await using var db = await TestDatabase.CreateAsync();
        var (symbols, driver) = SinkExactlyOnceTests.Load(5_000);
        await using var sink = new TimescaleSink(db.Options(), symbols, SampleOutputs.NodeNames);
        var tickFeed = sink.OpenFeed("journal.ticks");
        var outputFeed = sink.OpenFeed("journal.outputs");
        sink.Start();
        var inputs = new RingPipeline<MarketEvent>(RingBuffer<MarketEvent>.CreateSingleProducer(1024, new BlockingWaitStrategy(TimeSpan.FromMilliseconds(20))));
        var outputs = new RingPipeline<OutputMessage>(RingBuffer<OutputMessage>.CreateSingleProducer(1024, new BlockingWaitStrategy(TimeSpan.FromMilliseconds(20))));
        inputs.Add(new TickRingSinkHandler(tickFeed));
        outputs.Add(new OutputRingSinkHandler(outputFeed));
        inputs.Start();
        outputs.Start();
        try
        {
            for (var i = 0; i < driver.Ticks.Count; i++)
            {
                var sequence = inputs.Ring.Next();
                ref var slot = ref inputs.Ring[sequence];
                slot = new MarketEvent { Kind = MarketEventKind.Tick, Symbol = driver.Ticks[i].Symbol, SourceSequence = i + 1, Tick = driver.Ticks[i] };
                inputs.Ring.Publish(sequence);
                if (!driver.IsOutputTick(i))
                    continue;
                foreach (var message in SampleOutputs.For(driver.Ticks[i], i + 1, SinkDriver.Bars, driver.IsNewBar(i)))
                {
                    var s = outputs.Ring.Next();
                    outputs.Ring[s] = message;
                    outputs.Ring.Publish(s);
                }
            }
            Assert.True(inputs.WaitUntilDrained(TimeSpan.FromSeconds(30)));
            Assert.True(outputs.WaitUntilDrained(TimeSpan.FromSeconds(30)));
            await sink.FlushAsync(timeout.Token);
        }
        finally
        {
            inputs.Shutdown(TimeSpan.FromSeconds(10));
            outputs.Shutdown(TimeSpan.FromSeconds(10));
        }

        await SinkExactlyOnceTests.AssertExactlyOnceAsync(db, driver);
    }
}

using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Runtime;

public sealed class OutputLatencySamplerTests
{
    private struct Collected : ILatencyRecorder
    {
        public long Samples;
        public long Outputs;
        public long MaxNanos;

        public void Record(long nanos, long outputs)
        {
            Samples++;
            Outputs += outputs;
            MaxNanos = Math.Max(MaxNanos, nanos);
        }
    }

    private static MarketEvent TickReceived(long receiveTime)
    {
        var e = MarketEvent.FromTick(Tick.Create(new SymbolId(1), 1, new Price(100, 2), new Quantity(1, 0)));
        e.Tick.ReceiveTime = receiveTime;
        return e;
    }

    [Fact]
    public void Each_sample_carries_its_events_outputs_and_the_time_since_receipt()
    {
        var sampler = new OutputLatencySampler(8);
        Assert.Equal(OutputLatencySampler.DefaultSampleEvery, sampler.SampleEvery);
        sampler.Record(TickReceived(UtcNanos.Now() - 5_000_000), 3);
        sampler.Record(TickReceived(UtcNanos.Now()), 2);
        var collected = new Collected();
        Assert.Equal(0, sampler.Drain(ref collected)); // noted, not yet flushed: the batch's outputs are not visible yet
        sampler.Flush(5);
        Assert.Equal(2, sampler.Drain(ref collected));
        Assert.Equal(5, collected.Outputs);
        Assert.InRange(collected.MaxNanos, 5_000_000, 5_000_000_000);
        Assert.Equal(0, sampler.Drain(ref collected));
    }

    [Fact]
    public void A_sample_is_one_slot_and_an_event_with_more_outputs_than_a_slot_holds_takes_several_every_output_once()
    {
        // one 8-byte slot per sample (latency and outputs packed): an output count past the slot's field spills into the next slot
        var sampler = new OutputLatencySampler(8);
        var many = OutputLatencySampler.MaxOutputsPerSlot * 2 + 5;
        sampler.Record(TickReceived(UtcNanos.Now() - 7_000), many);
        sampler.Record(TickReceived(1), 1); // received 56 years ago: clamped to the slot's 2^40 ns
        sampler.Flush(many + 1);
        var collected = new Collected();
        Assert.Equal(4, sampler.Drain(ref collected));
        Assert.Equal(many + 1, collected.Outputs);
        Assert.Equal((1L << OutputLatencySampler.LatencyBits) - 1, collected.MaxNanos);
        Assert.Equal(0, sampler.DroppedOutputs);
    }

    [Fact]
    public void Events_without_a_receive_stamp_are_counted_unmeasured_and_a_full_buffer_drops_and_counts()
    {
        var sampler = new OutputLatencySampler(4);
        sampler.Record(MarketEvent.FromTimer(new SymbolId(1), 1), 7);
        for (var i = 0; i < 6; i++)
            sampler.Record(TickReceived(UtcNanos.Now()), 1);
        sampler.Flush(13);
        var collected = new Collected();
        sampler.Drain(ref collected);
        Assert.Equal(7, sampler.UnmeasuredOutputs);
        Assert.Equal(4, collected.Outputs);
        Assert.Equal(2, sampler.DroppedOutputs);
        Assert.Equal(0, sampler.UnsampledOutputs);
        Assert.Equal(13, sampler.Outputs);
        sampler.Record(TickReceived(UtcNanos.Now()), 1); // room again once drained
        sampler.Flush(14);
        Assert.Equal(1, sampler.Drain(ref collected));
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var sampler = new OutputLatencySampler(1024);
        var e = TickReceived(UtcNanos.Now());
        sampler.Record(e, 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sampler.Record(e, 1);
            if (i % 10 == 0)
                sampler.Flush(i + 2);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_long_batch_is_flushed_every_pending_limit_events_and_every_output_is_sampled_once()
    {
        var sampler = new OutputLatencySampler(1024);
        var collected = new Collected();
        for (var i = 0; i < OutputLatencySampler.PendingLimit - 1; i++)
            sampler.Record(TickReceived(UtcNanos.Now()), 2);
        Assert.Equal(0, sampler.Drain(ref collected));
        sampler.Record(TickReceived(UtcNanos.Now()), 2); // the limit: flushed without waiting for the batch's end
        Assert.Equal(OutputLatencySampler.PendingLimit, sampler.Drain(ref collected));
        sampler.Flush(2L * OutputLatencySampler.PendingLimit); // nothing pending: no sample
        Assert.Equal(0, sampler.Drain(ref collected));
        Assert.Equal(2L * OutputLatencySampler.PendingLimit, collected.Outputs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-4)]
    public void A_sampling_interval_that_is_not_a_power_of_two_is_refused_naming_it(int every)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OutputLatencySampler(8, every));
        Assert.Equal("sampleEvery", error.ParamName);
        Assert.Equal(every, error.ActualValue);
    }
}

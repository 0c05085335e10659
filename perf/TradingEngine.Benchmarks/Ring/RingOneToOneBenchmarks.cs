using BenchmarkDotNet.Attributes;
using System.Threading.Channels;
using TradingEngine.Ring;

namespace TradingEngine.Benchmarks.Ring;

/// <summary>
/// 1 producer → 1 consumer: our ring (busy-spin and yielding consumer; one event per claim, and batches of 16)
/// beside a bounded channel. Results are per event (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class RingOneToOneBenchmarks
{
    private const int Events = 1 << 20;

    private RingBuffer<BenchEvent> _ring = null!;
    private RingPipeline<BenchEvent> _pipeline = null!;
    private BenchProgress _ringProgress = null!;
    private long _ringTarget;

    private Channel<BenchEvent> _channel = null!;
    private Task _channelConsumer = null!;
    private BenchProgress _channelProgress = null!;
    private long _channelTarget;

    [Params("busyspin", "yielding")]
    public string Wait { get; set; } = "busyspin";

    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchEvent>.CreateSingleProducer(65536, Wait == "busyspin" ? new BusySpinWaitStrategy() : new YieldingWaitStrategy());
        _pipeline = new RingPipeline<BenchEvent>(_ring);
        _ringProgress = new BenchProgress();
        _pipeline.Add(new BenchCountingHandler(_ringProgress));
        _pipeline.Start();

        _channel = ChannelStages.Bounded();
        _channelProgress = new BenchProgress();
        _channelConsumer = Task.Run(() => ChannelStages.SinkAsync(_channel.Reader, _channelProgress));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline.Shutdown(TimeSpan.FromSeconds(10));
        _channel.Writer.Complete();
        _channelConsumer.Wait();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Channel()
    {
        var writer = _channel.Writer;
        for (var i = 0; i < Events; i++)
            ChannelStages.Write(writer, new BenchEvent { Value = i });
        _channelTarget += Events;
        _channelProgress.WaitFor(_channelTarget);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void Ring()
    {
        var ring = _ring;
        for (var i = 0; i < Events; i++)
        {
            var sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }
        _ringTarget += Events;
        _ringProgress.WaitFor(_ringTarget);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void RingClaimScope()
    {
        var ring = _ring;
        for (var i = 0; i < Events; i++)
        {
            using var scope = ring.Claim();
            scope.Event.Value = i;
        }
        _ringTarget += Events;
        _ringProgress.WaitFor(_ringTarget);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void RingBatch16()
    {
        var ring = _ring;
        for (var i = 0; i < Events; i += 16)
        {
            using var batch = ring.ClaimBatch(16);
            for (var j = 0; j < 16; j++)
                batch[j].Value = i + j;
        }
        _ringTarget += Events;
        _ringProgress.WaitFor(_ringTarget);
    }
}

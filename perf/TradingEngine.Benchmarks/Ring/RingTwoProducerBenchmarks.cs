using BenchmarkDotNet.Attributes;
using System.Threading.Channels;
using TradingEngine.Ring;

namespace TradingEngine.Benchmarks.Ring;

/// <summary>
/// 2 producers → 1 consumer: the multi-producer ring (yielding consumer) beside a bounded multi-writer channel.
/// The benchmark thread and a persistent helper thread each publish half of the events.
/// </summary>
[MemoryDiagnoser]
public class RingTwoProducerBenchmarks
{
    private const int Events = 1 << 20;
    private const int Half = Events / 2;

    private RingBuffer<BenchEvent> _ring = null!;
    private RingPipeline<BenchEvent> _pipeline = null!;
    private BenchProgress _ringProgress = null!;
    private HelperProducer _ringHelper = null!;
    private long _ringTarget;

    private Channel<BenchEvent> _channel = null!;
    private Task _channelConsumer = null!;
    private BenchProgress _channelProgress = null!;
    private HelperProducer _channelHelper = null!;
    private long _channelTarget;

    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchEvent>.CreateMultiProducer(65536, new YieldingWaitStrategy());
        _pipeline = new RingPipeline<BenchEvent>(_ring);
        _ringProgress = new BenchProgress();
        _pipeline.Add(new BenchCountingHandler(_ringProgress));
        _pipeline.Start();
        _ringHelper = new HelperProducer(() => PublishRing(_ring));

        _channel = ChannelStages.Bounded(singleWriter: false);
        _channelProgress = new BenchProgress();
        _channelConsumer = Task.Run(() => ChannelStages.SinkAsync(_channel.Reader, _channelProgress));
        _channelHelper = new HelperProducer(() => PublishChannel(_channel.Writer));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ringHelper.Dispose();
        _channelHelper.Dispose();
        _pipeline.Shutdown(TimeSpan.FromSeconds(10));
        _channel.Writer.Complete();
        _channelConsumer.Wait();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Channel()
    {
        _channelHelper.Request();
        PublishChannel(_channel.Writer);
        _channelHelper.WaitDone();
        _channelTarget += Events;
        _channelProgress.WaitFor(_channelTarget);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void Ring()
    {
        _ringHelper.Request();
        PublishRing(_ring);
        _ringHelper.WaitDone();
        _ringTarget += Events;
        _ringProgress.WaitFor(_ringTarget);
    }

    private static void PublishRing(RingBuffer<BenchEvent> ring)
    {
        for (var i = 0; i < Half; i++)
        {
            var sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }
    }

    private static void PublishChannel(ChannelWriter<BenchEvent> writer)
    {
        for (var i = 0; i < Half; i++)
            ChannelStages.Write(writer, new BenchEvent { Value = i });
    }
}

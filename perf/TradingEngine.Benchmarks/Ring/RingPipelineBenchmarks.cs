using BenchmarkDotNet.Attributes;
using System.Threading.Channels;
using TradingEngine.Ring;

namespace TradingEngine.Benchmarks.Ring;

/// <summary>
/// 1 producer → 3 consumers in a pipeline (A → B → C) with yielding waits, beside three chained bounded channels
/// (the channels must copy each event from stage to stage; the ring stages read the same slot).
/// </summary>
[MemoryDiagnoser]
public class RingPipelineBenchmarks
{
    private const int Events = 1 << 20;

    private RingBuffer<BenchEvent> _ring = null!;
    private RingPipeline<BenchEvent> _pipeline = null!;
    private BenchProgress _ringProgress = null!;
    private long _ringTarget;

    private Channel<BenchEvent> _first = null!;
    private Task[] _channelStages = null!;
    private BenchProgress _channelProgress = null!;
    private long _channelTarget;

    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchEvent>.CreateSingleProducer(65536, new YieldingWaitStrategy());
        _pipeline = new RingPipeline<BenchEvent>(_ring);
        _ringProgress = new BenchProgress();
        var a = _pipeline.Add(new BenchCountingHandler(new BenchProgress()));
        var b = _pipeline.Add(new BenchCountingHandler(new BenchProgress()), null, a);
        _pipeline.Add(new BenchCountingHandler(_ringProgress), null, b);
        _pipeline.Start();

        _first = ChannelStages.Bounded();
        var second = ChannelStages.Bounded();
        var third = ChannelStages.Bounded();
        _channelProgress = new BenchProgress();
        _channelStages =
        [
            Task.Run(() => ChannelStages.ForwardAsync(_first.Reader, second.Writer)),
            Task.Run(() => ChannelStages.ForwardAsync(second.Reader, third.Writer)),
            Task.Run(() => ChannelStages.SinkAsync(third.Reader, _channelProgress)),
        ];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline.Shutdown(TimeSpan.FromSeconds(10));
        _first.Writer.Complete();
        Task.WaitAll(_channelStages);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Channels()
    {
        var writer = _first.Writer;
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
}

using BenchmarkDotNet.Attributes;
using System.Threading.Channels;
using TradingEngine.Ring;

namespace TradingEngine.Benchmarks.Ring;

/// <summary>
/// 1 producer → diamond of 3 consumers (A ∥ B, then C after both) with yielding waits, beside channels:
/// the producer writes each event to two channels, A and B forward to C, which joins them.
/// </summary>
[MemoryDiagnoser]
public class RingDiamondBenchmarks
{
    private const int Events = 1 << 20;

    private RingBuffer<BenchEvent> _ring = null!;
    private RingPipeline<BenchEvent> _pipeline = null!;
    private BenchProgress _ringProgress = null!;
    private long _ringTarget;

    private Channel<BenchEvent> _toA = null!;
    private Channel<BenchEvent> _toB = null!;
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
        var b = _pipeline.Add(new BenchCountingHandler(new BenchProgress()));
        _pipeline.Add(new BenchCountingHandler(_ringProgress), null, a, b);
        _pipeline.Start();

        _toA = ChannelStages.Bounded();
        _toB = ChannelStages.Bounded();
        var aToC = ChannelStages.Bounded();
        var bToC = ChannelStages.Bounded();
        _channelProgress = new BenchProgress();
        _channelStages =
        [
            Task.Run(() => ChannelStages.ForwardAsync(_toA.Reader, aToC.Writer)),
            Task.Run(() => ChannelStages.ForwardAsync(_toB.Reader, bToC.Writer)),
            Task.Run(() => ChannelStages.JoinAsync(aToC.Reader, bToC.Reader, _channelProgress)),
        ];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline.Shutdown(TimeSpan.FromSeconds(10));
        _toA.Writer.Complete();
        _toB.Writer.Complete();
        Task.WaitAll(_channelStages);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Channels()
    {
        var toA = _toA.Writer;
        var toB = _toB.Writer;
        for (var i = 0; i < Events; i++)
        {
            var evt = new BenchEvent { Value = i };
            ChannelStages.Write(toA, evt);
            ChannelStages.Write(toB, evt);
        }
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

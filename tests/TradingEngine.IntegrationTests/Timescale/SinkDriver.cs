using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

/// <summary>
/// Plays a tick stream into a sink the way the engine does: the tick with its journal sequence on the tick feed,
/// and every <see cref="OutputEvery"/>-th tick the outputs it caused on the output feed, under the same sequence.
/// Counts what each table should end up holding.
/// </summary>
public sealed class SinkDriver(IReadOnlyList<Tick> ticks, int outputEvery = 50)
{
    public static readonly Timeframe Bars = Timeframe.OneMinute;

    public IReadOnlyList<Tick> Ticks { get; } = ticks;

    public int OutputEvery { get; } = outputEvery;

    /// <summary>Feeds inputs [from, to) (sequence = index + 1), publishing every <paramref name="publishEvery"/> inputs.</summary>
    public void Play(SinkFeed tickFeed, SinkFeed outputFeed, int from, int to, int publishEvery = 1_000, Action<int>? afterEach = null)
    {
        for (var i = from; i < to; i++)
        {
            var tick = Ticks[i];
            var sequence = i + 1L;
            tickFeed.Add(tick, sequence);
            if (IsOutputTick(i))
            {
                foreach (var message in SampleOutputs.For(tick, sequence, Bars, IsNewBar(i)))
                    outputFeed.Add(message);
            }
            if ((i + 1) % publishEvery == 0)
            {
                tickFeed.Publish();
                outputFeed.Publish();
            }
            afterEach?.Invoke(i);
        }
        tickFeed.Publish(force: true);
        outputFeed.Publish(force: true);
    }

    public bool IsOutputTick(int index) => index % OutputEvery == 0;

    /// <summary>The first output tick of its minute brings the candle.</summary>
    public bool IsNewBar(int index)
    {
        var bar = Bar(Ticks[index]);
        for (var j = index - OutputEvery; j >= 0; j -= OutputEvery)
        {
            if (Ticks[j].Symbol == Ticks[index].Symbol)
                return Bar(Ticks[j]) != bar;
        }
        return true;
    }

    public long OutputTicks => Enumerable.Range(0, Ticks.Count).Count(IsOutputTick);

    public long Candles => Enumerable.Range(0, Ticks.Count).Count(i => IsOutputTick(i) && IsNewBar(i));

    private static long Bar(in Tick tick) => tick.EventTime - tick.EventTime % Bars.Nanos;
}

using System.Buffers;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>
/// All five cores side by side over one bar sequence; every event flattened to a record with the bar it refers
/// to and the bar that emitted it, so properties can compare runs.
/// </summary>
internal sealed class StructureRun
{
    private SwingDetector _swings = SwingDetector.Create(2, 0.25, 0.1, 5);
    private FairValueGapDetector _gaps = FairValueGapDetector.Create(0.25, 0, 14, 50, 8);
    private StructureBreakDetector _breaks = StructureBreakDetector.Create(SwingDetector.Create(3), BreakMode.Close);
    private OrderBlockDetector _blocks = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2), BreakMode.Wick), 5, 60, 8);
    private LiquidityDetector _liquidity = LiquidityDetector.Create(SwingDetector.Create(2), 0.5, 0, true, 80, 8);
    private long _bar;

    public List<StructureRecord> Events { get; } = [];

    public static List<StructureRecord> Of(ReadOnlySpan<Candle> bars)
    {
        var run = new StructureRun();
        foreach (ref readonly var b in bars)
            run.Step(in b);
        return run.Events;
    }

    public void Step(in Candle bar)
    {
        var index = _bar++;
        var f = _swings.Update(in bar);
        if ((f & SwingDetector.HighConfirmed) != 0)
            Add("swing", index, _swings.LastHigh.PivotIndex, _swings.LastHigh.EmittedIndex, _swings.LastHigh.ToString());
        if ((f & SwingDetector.LowConfirmed) != 0)
            Add("swing", index, _swings.LastLow.PivotIndex, _swings.LastLow.EmittedIndex, _swings.LastLow.ToString());
        _gaps.Update(in bar);
        foreach (var e in _gaps.Events)
            Add("fvg", index, e.FormedIndex, e.EmittedIndex, e.ToString());
        var b = _breaks.Update(in bar);
        if ((b & StructureBreakDetector.BrokeUp) != 0)
            Add("bos", index, _breaks.LastUp.SwingIndex, _breaks.LastUp.EmittedIndex, _breaks.LastUp.ToString());
        if ((b & StructureBreakDetector.BrokeDown) != 0)
            Add("bos", index, _breaks.LastDown.SwingIndex, _breaks.LastDown.EmittedIndex, _breaks.LastDown.ToString());
        _blocks.Update(in bar);
        foreach (var e in _blocks.Events)
            Add("ob", index, e.OriginIndex, e.EmittedIndex, e.ToString());
        _liquidity.Update(in bar);
        foreach (var e in _liquidity.Events)
            Add("liq", index, e.FormedIndex, e.EmittedIndex, e.ToString());
    }

    /// <summary>Snapshots every core and restores them into a fresh run.</summary>
    public StructureRun Clone()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new StateWriter(buffer);
        _swings.WriteState(ref w);
        _gaps.WriteState(ref w);
        _breaks.WriteState(ref w);
        _blocks.WriteState(ref w);
        _liquidity.WriteState(ref w);
        var copy = new StructureRun { _bar = _bar };
        var r = new StateReader(buffer.WrittenSpan);
        copy._swings.ReadState(ref r);
        copy._gaps.ReadState(ref r);
        copy._breaks.ReadState(ref r);
        copy._blocks.ReadState(ref r);
        copy._liquidity.ReadState(ref r);
        Assert.Equal(0, r.Remaining);
        return copy;
    }

    private void Add(string kind, long bar, long refers, long emitted, string text) =>
        Events.Add(new StructureRecord(kind, bar, refers, emitted, text));
}

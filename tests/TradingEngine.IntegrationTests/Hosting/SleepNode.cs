using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// <c>test_sleep</c>, a node kind of the isolation tests only (registered by them, never by the standard catalog):
/// sleeps <c>ms</c> milliseconds on every tick, then outputs the tick's price, so one output per tick tells when the
/// executor finished it. With <c>ms: 0</c> it is an ordinary cheap node.
/// </summary>
public struct SleepNode : INode<SleepNode>
{
    private int _ms;

    public static NodeKindInfo Describe() => new(
        "test_sleep",
        "Test only: sleeps ms per tick, outputs the price.",
        [ParameterSpec.Integer("ms", 0, 0, 10_000, "milliseconds slept per tick")],
        [new InputPort("ticks", PortType.Tick)],
        [new OutputPort("value", PortType.Number)]);

    public static SleepNode Create(NodeParameters parameters) => new() { _ms = parameters.Int32("ms") };

    public readonly bool Evaluate(NodeContext context)
    {
        if (_ms > 0)
            Thread.Sleep(_ms);
        ref readonly var tick = ref context.Tick;
        context.SetNumber(0, FixedPoint.ToDouble(tick.PriceRaw, tick.PricePrecision));
        return true;
    }

    public readonly void WriteState(ref StateWriter writer)
    {
        // no state: ms is a parameter
    }

    public void ReadState(ref StateReader reader)
    {
    }
}

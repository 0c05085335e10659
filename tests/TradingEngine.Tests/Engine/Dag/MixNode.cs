using TradingEngine.Engine.Dag;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// A test node kind defined outside the engine assembly (as indicator kinds will be): folds every
/// input it has — integer node outputs, candles of any series, the last tick — into a hash, and
/// records that it ran. Registered through the public catalog API only.
/// </summary>
public struct MixNode : INode<MixNode>
{
    private long _value;
    private long _count;
    private long _skip;
    private int _step;

    public static NodeKindInfo Describe() => new(
        "test_mix",
        "folds its inputs into a hash",
        [ParameterSpec.Integer("skip", 0, 0, 7), ParameterSpec.Integer("step", 0, 0, 100_000)],
        [
            new InputPort("ticks", PortType.Tick, Optional: true),
            new InputPort("candles", PortType.Candle, Variadic: true, Optional: true),
            new InputPort("values", PortType.Integer, Variadic: true, Optional: true),
        ],
        [new OutputPort("value", PortType.Integer), new OutputPort("count", PortType.Integer)]);

    public static MixNode Create(NodeParameters parameters) => new()
    {
        _skip = parameters.Integer("skip"),
        _step = (int)parameters.Integer("step"),
    };

    public bool Evaluate(NodeContext context)
    {
        if (RunRecorder.Enabled)
            RunRecorder.Runs.Add(_step);
        long inputs = 0;
        if (context.Count(0) != 0)
            inputs = unchecked(inputs * 17 + context.Tick.PriceRaw);
        for (var i = 0; i < context.Count(1); i++)
        {
            if (!context.IsValid(1, i))
                continue;
            ref readonly var c = ref context.Candle(1, i);
            inputs = unchecked(inputs * 17 + MixMath.CandleTerm(c.CloseRaw, c.OpenTime, c.TickCount));
        }
        for (var i = 0; i < context.Count(2); i++)
        {
            if (context.IsValid(2, i))
                inputs = unchecked(inputs * 17 + context.Integer(2, i));
        }
        _count++;
        if (!MixMath.Produces(_count, _skip))
            return false;
        _value = MixMath.Next(_value, inputs, _count);
        context.SetInteger(0, _value);
        context.SetInteger(1, _count);
        return true;
    }

    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteInt64(_value);
        writer.WriteInt64(_count);
    }

    public void ReadState(ref StateReader reader)
    {
        _value = reader.ReadInt64();
        _count = reader.ReadInt64();
    }
}

using TradingEngine.Engine.Dag;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>A test kind that throws on every <c>every</c>-th run (and runs fine otherwise), to check failure isolation.</summary>
public struct FlakyNode : INode<FlakyNode>
{
    private long _runs;
    private long _every;

    public static NodeKindInfo Describe() => new(
        "test_flaky",
        "throws on every n-th run",
        [ParameterSpec.Integer("every", 2, 1, 1000)],
        [new InputPort("candles", PortType.Candle)],
        [new OutputPort("runs", PortType.Integer)]);

    public static FlakyNode Create(NodeParameters parameters) => new() { _every = parameters.Integer("every") };

    public bool Evaluate(NodeContext context)
    {
        _runs++;
        if (_runs % _every == 0)
            throw new InvalidOperationException($"flaky run {_runs}");
        context.SetInteger(0, _runs);
        return true;
    }

    public readonly void WriteState(ref StateWriter writer) => writer.WriteInt64(_runs);

    public void ReadState(ref StateReader reader) => _runs = reader.ReadInt64();
}

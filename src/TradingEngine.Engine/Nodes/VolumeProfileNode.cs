using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>volume_profile</c>: traded volume per price level (levels of <c>tick_size</c> around the first
/// price seen), with the point of control (level of most volume) kept incrementally. Optionally
/// restarted when a candle closes (session profile). Stand-in until the Indicators profile lands.
/// </summary>
public struct VolumeProfileNode : INode<VolumeProfileNode>
{
    private double[] _volume;
    private double _tickSize;
    private double _anchor;
    private int _poc;
    private bool _anchored;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "volume_profile",
        "Volume per price level and its point of control, optionally restarted when a candle closes.",
        [
            ParameterSpec.Number("tick_size", null, 1e-9, 1e9, "price step of one level"),
            ParameterSpec.Integer("levels", 1024, 4, 1 << 20, "levels kept around the first price"),
        ],
        [new InputPort("ticks", PortType.Tick), new InputPort("reset", PortType.Candle, Optional: true)],
        [new OutputPort("poc", PortType.Number), new OutputPort("poc_volume", PortType.Number)]);

    /// <inheritdoc/>
    public static VolumeProfileNode Create(NodeParameters parameters) =>
        new() { _volume = new double[parameters.Int32("levels")], _tickSize = parameters.Number("tick_size") };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (context.Count(1) != 0 && context.Changed(1))
        {
            Array.Clear(_volume);
            _anchored = false;
            _poc = 0;
        }
        if (!context.Changed(0))
            return false;
        ref readonly var t = ref context.Tick;
        var price = PriceMath.ToDouble(t.PriceRaw, t.PricePrecision);
        if (!_anchored)
        {
            _anchor = price;
            _anchored = true;
            _poc = _volume.Length >> 1;
        }
        var level = Math.Clamp((int)Math.Round((price - _anchor) / _tickSize) + (_volume.Length >> 1), 0, _volume.Length - 1);
        _volume[level] += PriceMath.ToDouble(t.SizeRaw, t.SizePrecision);
        if (_volume[level] > _volume[_poc])
            _poc = level;
        context.SetNumber(0, _anchor + (_poc - (_volume.Length >> 1)) * _tickSize);
        context.SetNumber(1, _volume[_poc]);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteDouble(_anchor);
        writer.WriteInt32(_poc);
        writer.WriteBoolean(_anchored);
        writer.WriteInt32(_volume.Length);
        foreach (var v in _volume)
            writer.WriteDouble(v);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _anchor = reader.ReadDouble();
        _poc = reader.ReadInt32();
        _anchored = reader.ReadBoolean();
        var levels = reader.ReadInt32();
        if (levels != _volume.Length)
            throw new InvalidDataException($"volume_profile snapshot has {levels} levels, node has {_volume.Length}");
        for (var i = 0; i < levels; i++)
            _volume[i] = reader.ReadDouble();
    }
}

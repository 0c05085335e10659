using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// A streaming indicator of one number series with a period (sma, ema, wma, rsi), as <see cref="SeriesNode{TCore}"/>
/// runs it: the core declares how it is created, updated and snapshotted, plus its node kind's name and the catalog
/// message it emits; the node does the rest (input port or candle field, output, <c>emit</c>, snapshot framing).
/// </summary>
/// <remarks>
/// Implement it on the core struct (<c>public struct SmaState : ISeriesCore&lt;SmaState&gt;</c>) and register
/// <c>SeriesNode&lt;SmaState&gt;</c>: every member is reached through the struct type parameter, so the calls are
/// direct and <see cref="Update"/> inlines into the node's evaluate; nothing allocates after <see cref="Create"/>.
/// </remarks>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
public interface ISeriesCore<TSelf>
    where TSelf : struct, ISeriesCore<TSelf>
{
    /// <summary>The node kind this core runs as: YAML name, one line for docs, default period.</summary>
    static abstract SeriesKind Kind { get; }

    /// <summary>The period this core was created with (the catalog message carries it).</summary>
    int Period { get; }

    /// <summary>Bytes <see cref="WriteTo"/> writes.</summary>
    int SnapshotSize { get; }

    /// <summary>A core with lookback <paramref name="period"/>; throws <see cref="ArgumentOutOfRangeException"/> for a bad one.</summary>
    static abstract TSelf Create(int period);

    /// <summary>Restores a core written by <see cref="WriteTo"/> (its own tag and version checked).</summary>
    static abstract TSelf ReadFrom(ReadOnlySpan<byte> source);

    /// <summary>Emits the catalog message of one output <paramref name="value"/> (with <c>emit: true</c>).</summary>
    static abstract void Emit(NodeContext context, Timeframe timeframe, int period, double value);

    /// <summary>Feeds one input; returns true and the indicator's value once warmed up.</summary>
    bool Update(double input, out double value);

    /// <summary>Writes the whole state into <paramref name="destination"/> (<see cref="SnapshotSize"/> bytes); returns the bytes written.</summary>
    int WriteTo(Span<byte> destination);
}

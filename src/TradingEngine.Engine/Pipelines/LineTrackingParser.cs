using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TradingEngine.Engine.Pipelines;

/// <summary>
/// Remembers where the last well-formed YAML event ended, so a scanner failure that carries no
/// position (YamlDotNet throws a bare InvalidOperationException for some malformed flow
/// collections) can still be reported with a line.
/// </summary>
internal sealed class LineTrackingParser(IParser inner) : IParser
{
    public int LastLine { get; private set; } = 1;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        if (inner.Current is { } e)
            LastLine = (int)e.End.Line;
        return moved;
    }
}

namespace TradingEngine.Dashboard.Streaming;

/// <summary>
/// One output as the dashboard streams it: its event id (1, 2, … in the order the hub received outputs; a client
/// resumes after the last id it saw) and its frame, the UTF-8 JSON <c>{"id":N,"m":MESSAGE}</c> where MESSAGE is the
/// external JSON contract of the output (docs/message_catalog.md), encoded once for every client; and its compact form
/// for the stream (<see cref="CompactShapes"/>: a shape shared by outputs of its kind, and the row of its values).
/// </summary>
public sealed class DashboardEvent
{
    internal DashboardEvent(long id, byte[] frame, bool forming, CompactShapes.Shape shape, byte[] row)
    {
        Id = id;
        Frame = frame;
        Forming = forming;
        Shape = shape;
        Row = row;
    }

    public long Id { get; }

    public byte[] Frame { get; }

    /// <summary>A candle still forming: the only kind a client's full queue may drop (the next update supersedes it).</summary>
    public bool Forming { get; }

    /// <summary>The message's shape: its structure and property names (shared by the outputs of its kind).</summary>
    internal CompactShapes.Shape Shape { get; }

    /// <summary>The message's values in document order, each as its JSON, comma-separated (<see cref="CompactShapes"/>).</summary>
    internal byte[] Row { get; }
}

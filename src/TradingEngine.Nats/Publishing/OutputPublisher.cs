using System.Buffers;
using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Publishes output-ring messages: binary frames on internal subjects, versioned JSON on public ones
/// (<see cref="OutputRouting"/>). Runs on an output-ring consumer thread (<see cref="NatsOutputHandler"/>), never
/// on the executor's: the executor only writes the ring. Messages go into NATS.Net's write buffer as they come and
/// its writer sends a whole batch in few socket writes; only a full write buffer makes this thread wait (counted).
/// Failures are counted, never thrown: a dead connection must not stop the ring.
/// </summary>
public sealed class OutputPublisher
{
    private readonly INatsConnection? _internal;
    private readonly INatsConnection? _public;
    private readonly OutputRouting _routing;
    private readonly JsonMessageEncoder _json;
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(1024);
    private readonly byte[] _binaryBuffer = new byte[BinaryMessageCodec.MaxFrameSize];

    public OutputPublisher(NatsConnectionPair connections, SymbolRegistry symbols, OutputRouting routing, PublicationOptions? options = null)
        : this(options?.Internal ?? true ? connections.Internal : null, options?.Public ?? true ? connections.External : null, symbols, routing, options?.Source)
    {
    }

    /// <param name="internalConnection">where binary frames go; null: none are sent.</param>
    /// <param name="publicConnection">where public JSON goes; null: none is sent (a standalone <c>te publish</c> does it).</param>
    public OutputPublisher(INatsConnection? internalConnection, INatsConnection? publicConnection, SymbolRegistry symbols, OutputRouting routing, string? source = null)
    {
        _internal = internalConnection;
        _public = publicConnection;
        _routing = routing;
        _json = new JsonMessageEncoder(symbols, source);
    }

    public PublicationCounters Counters { get; } = new();

    /// <summary>Publishes one output message (both forms, as configured).</summary>
    public void Publish(in OutputMessage m)
    {
        OutputRoute route;
        try
        {
            route = _routing.Route(in m);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            Counters.OnFailure($"{m.Kind}: {ex.Message}");
            return;
        }
        if (_internal is not null)
        {
            var n = BinaryMessageCodec.Encode(in m, _binaryBuffer);
            if (Send(_internal, route.InternalSubject, _binaryBuffer.AsMemory(0, n)))
                Counters.OnInternal();
        }
        if (_public is not null)
        {
            _jsonBuffer.ResetWrittenCount();
            try
            {
                _json.Encode(in m, _jsonBuffer);
            }
            catch (ArgumentException ex)
            {
                Counters.OnFailure($"{route.PublicSubject}: {ex.Message}");
                return;
            }
            if (Send(_public, route.PublicSubject, _jsonBuffer.WrittenMemory))
                Counters.OnPublic();
        }
    }

    /// <summary>Called at the end of each output-ring batch.</summary>
    public void EndBatch() => Counters.OnBatch();

    private bool Send(INatsConnection connection, string subject, ReadOnlyMemory<byte> payload)
    {
        try
        {
            var pending = connection.PublishAsync(subject, payload, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default);
            if (!pending.IsCompletedSuccessfully)
            {
                // the buffer is reused for the next message: wait until NATS.Net has taken this one
                Counters.OnWait();
                pending.AsTask().GetAwaiter().GetResult();
            }
            return true;
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            Counters.OnFailure($"{subject}: {ex.Message}");
            return false;
        }
    }
}

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
/// Each output is numbered among its source event's outputs (<see cref="OutputIndexer"/>, <c>metadata.output_index</c>),
/// and the publisher keeps, per symbol, the source sequence before the last one whose outputs it handed to NATS
/// (<see cref="HandedThrough"/>): what <see cref="OutputMarkWriter"/> makes durable once the server has it.
/// </summary>
public sealed class OutputPublisher
{
    private readonly INatsConnection? _internal;
    private readonly INatsConnection? _public;
    private readonly OutputRouting _routing;
    private readonly JsonMessageEncoder _json;
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(1024);
    private readonly byte[] _binaryBuffer = new byte[BinaryMessageCodec.MaxFrameSize];
    private readonly OutputIndexer _indexer = new();
    private long[] _handed = new long[16];
    private readonly ManualResetEventSlim _written = new(false);
    private readonly Action _setWritten;

    public OutputPublisher(NatsConnectionPair connections, SymbolRegistry symbols, OutputRouting routing, PublicationOptions? options = null)
        : this(options?.Internal ?? true ? connections.Internal : null, options?.Public ?? true ? connections.External : null, symbols, routing, options?.Source)
    {
        _candles = options?.Candles ?? true;
    }

    private readonly bool _candles = true;

    /// <param name="internalConnection">where binary frames go; null: none are sent.</param>
    /// <param name="publicConnection">where public JSON goes; null: none is sent (a standalone <c>te publish</c> does it).</param>
    public OutputPublisher(INatsConnection? internalConnection, INatsConnection? publicConnection, SymbolRegistry symbols, OutputRouting routing, string? source = null)
    {
        _internal = internalConnection;
        _public = publicConnection;
        _routing = routing;
        _json = new JsonMessageEncoder(symbols, source);
        _setWritten = _written.Set;
    }

    public PublicationCounters Counters { get; } = new();

    /// <summary>Publishes one output message (both forms, as configured).</summary>
    public void Publish(in OutputMessage m)
    {
        var index = _indexer.Next(in m); // numbered even when not sent, so the ids are those of a process that sends all
        if (_candles || m.Kind != MessageType.Candle)
            Send(in m, index);
        Handed(in m);
    }

    /// <summary>
    /// Numbers an output without publishing it: a recovery's replay of outputs the crashed run is known to have
    /// published (<see cref="Publish"/> of the outputs after it then gives them the ids the live run gave).
    /// </summary>
    public void Skip(in OutputMessage m) => _indexer.Next(in m);

    /// <summary>
    /// Per symbol id (index), the highest source sequence <c>W</c> such that every output of the events up to <c>W</c> of the
    /// executor that owns the symbol has been handed to NATS: an output of event <c>S</c> was, and an executor's outputs
    /// come in its event order, so all before <c>S</c> were (<c>W = S − 1</c>). 0: none yet. Read from any thread
    /// (<see cref="OutputMarkWriter"/>); the array is replaced when it grows.
    /// </summary>
    public long[] HandedThrough => Volatile.Read(ref _handed);

    private void Handed(in OutputMessage m)
    {
        if (m.SourceSequence <= 0)
            return; // core NATS input has no stable source position: nothing to mark
        var s = m.Symbol.Value;
        var handed = _handed;
        if ((uint)s >= (uint)handed.Length)
        {
            var grown = new long[Math.Max(s + 1, handed.Length * 2)];
            handed.CopyTo(grown, 0);
            Volatile.Write(ref _handed, grown);
            handed = grown;
        }
        Volatile.Write(ref handed[s], m.SourceSequence - 1);
    }

    /// <summary>
    /// Returns once the servers have received everything published before the call (a PING's PONG comes after them on
    /// the same connection). False when a connection failed.
    /// </summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_internal is not null)
                await _internal.PingAsync(cancellationToken).ConfigureAwait(false);
            if (_public is not null && !ReferenceEquals(_public, _internal))
                await _public.PingAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    private void Send(in OutputMessage m, int index)
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
            var n = BinaryMessageCodec.Encode(in m, index, _binaryBuffer); // the id travels with the frame (te publish writes it)
            if (Send(_internal, route.InternalSubject, _binaryBuffer.AsMemory(0, n)))
                Counters.OnInternal();
        }
        if (_public is not null)
        {
            _jsonBuffer.ResetWrittenCount();
            try
            {
                _json.Encode(in m, _jsonBuffer, index);
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

    /// <summary>
    /// Blocks this (ring consumer) thread until <paramref name="pending"/> completes, without allocating: a continuation
    /// made once sets an event this thread waits on (<c>AsTask()</c> allocated a task per wait, about 80 B each time
    /// NATS.Net's write buffer was full, found by HostAllocationTests). Throws what the publish threw.
    /// </summary>
    private void Wait(ValueTask pending)
    {
        var awaiter = pending.GetAwaiter();
        if (!awaiter.IsCompleted)
        {
            _written.Reset();
            awaiter.UnsafeOnCompleted(_setWritten);
            _written.Wait();
        }
        awaiter.GetResult();
    }

    /// <summary>Called at the end of each output-ring batch.</summary>
    public void EndBatch() => Counters.OnBatch();

    private bool Send(INatsConnection connection, string subject, ReadOnlyMemory<byte> payload)
    {
        try
        {
            // what NATS.Net allocates inside its publish call (its async state when it has to wait for its full write
            // buffer, ~80 B; now and then its own buffers) is counted apart, so everything else this thread allocates,
            // the wait below included, is known to be zero (HostAllocationTests)
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var pending = connection.PublishAsync(subject, payload, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default);
            Counters.OnClientAllocated(GC.GetAllocatedBytesForCurrentThread() - allocated);
            if (!pending.IsCompletedSuccessfully)
            {
                // the buffer is reused for the next message: wait until NATS.Net has taken this one
                Counters.OnWait();
                Wait(pending);
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

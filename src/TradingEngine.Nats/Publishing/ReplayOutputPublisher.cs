using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// <c>te replay --publish</c>: a replay's outputs as the live engine's internal binary frames, on the internal subjects
/// under a <see cref="SubjectPrefix"/> (<c>replay.candles.internal.ES.1m</c>), so <c>te dashboard --prefix</c> shows the
/// backtest unfolding while the live subjects, the sink and the public JSON never see it. Failures are counted, never
/// thrown (<see cref="Failed"/>, <see cref="LastFailure"/>); a full NATS write buffer makes the replay wait.
/// </summary>
public sealed class ReplayOutputPublisher
{
    private readonly INatsConnection _connection;
    private readonly OutputRouting _routing;
    private readonly string _prefix;
    private readonly byte[] _buffer = new byte[BinaryMessageCodec.MaxFrameSize];
    private readonly Dictionary<string, string> _subjects = new(StringComparer.Ordinal);

    public ReplayOutputPublisher(INatsConnection connection, OutputRouting routing, string prefix)
    {
        SubjectPrefix.Validate(prefix);
        _connection = connection;
        _routing = routing;
        _prefix = prefix;
    }

    public string Prefix => _prefix;

    public long Published { get; private set; }

    public long Failed { get; private set; }

    public string? LastFailure { get; private set; }

    public void Publish(in OutputMessage m)
    {
        string subject;
        try
        {
            var route = _routing.Route(in m).InternalSubject;
            if (!_subjects.TryGetValue(route, out subject!))
                _subjects.Add(route, subject = SubjectPrefix.Apply(_prefix, route));
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            Fail($"{m.Kind}: {ex.Message}");
            return;
        }
        var n = BinaryMessageCodec.Encode(in m, _buffer);
        try
        {
            var pending = _connection.PublishAsync(subject, _buffer.AsMemory(0, n), serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default);
            if (!pending.IsCompletedSuccessfully)
                pending.AsTask().GetAwaiter().GetResult(); // the buffer is reused: wait until NATS.Net has taken it
            Published++;
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            Fail($"{subject}: {ex.Message}");
        }
    }

    /// <summary>Returns once the server has everything published so far (false: the connection failed).</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            Fail($"flush: {ex.Message}");
            return false;
        }
    }

    private void Fail(string why)
    {
        Failed++;
        LastFailure = why;
    }
}

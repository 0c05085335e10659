using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Sends rejected input, byte for byte, to <c>deadletter.&lt;original subject&gt;</c> with the reason
/// (<see cref="NatsSubjects.RejectReasonHeader"/>) and the detail (<see cref="NatsSubjects.RejectDetailHeader"/>)
/// in headers, and counts it. A failed publish (connection down) is counted, never thrown: a bad message must not
/// stop ingestion.
/// </summary>
internal sealed class DeadLetterPublisher
{
    private readonly INatsConnection _connection;
    private readonly IngestionCounters _counters;

    public DeadLetterPublisher(INatsConnection connection, IngestionCounters counters)
    {
        _connection = connection;
        _counters = counters;
    }

    public async ValueTask PublishAsync(string subject, byte[] payload, RejectReason reason, string detail, CancellationToken cancellationToken = default)
    {
        // headers are one line: a detail with a line break would corrupt the protocol frame (and the summary's line)
        var line = Sanitize(detail);
        _counters.OnRejected(reason, subject, line);
        var headers = new NatsHeaders
        {
            [NatsSubjects.RejectReasonHeader] = reason.ToString(),
            [NatsSubjects.RejectDetailHeader] = line,
        };
        try
        {
            await _connection.PublishAsync(NatsSubjects.DeadLetter(subject), payload, headers, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
            _counters.OnDeadLettered();
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException)
        {
            _counters.OnDeadLetterFailed();
        }
    }

    private static string Sanitize(string detail)
    {
        if (detail.Length > 512)
            detail = detail[..512];
        return detail.ReplaceLineEndings(" ");
    }
}

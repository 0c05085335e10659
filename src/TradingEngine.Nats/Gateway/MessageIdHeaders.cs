using Microsoft.Extensions.Primitives;
using NATS.Client.Core;

namespace TradingEngine.Nats;

/// <summary>
/// One <c>Nats-Msg-Id</c> header set for a run of publishes awaited one after the other: NATS.Net marks a published
/// <see cref="NatsHeaders"/> read-only, so a header set per message cost a <see cref="NatsHeaders"/> and its dictionary,
/// about 300 bytes per row (docs/gateway.md, "Performance"). The dictionary given to the constructor stays ours: the id is
/// set in it before each publish, and NATS.Net writes the headers into its send buffer before the publish's task completes.
/// Never share one instance between publishes that run at the same time.
/// </summary>
internal sealed class MessageIdHeaders
{
    public const string Name = "Nats-Msg-Id";

    private readonly Dictionary<string, StringValues> _store = new(1, StringComparer.OrdinalIgnoreCase);
    private readonly NatsHeaders _headers;

    public MessageIdHeaders() => _headers = new NatsHeaders(_store);

    /// <summary>The header set carrying <paramref name="messageId"/>; valid until the next call.</summary>
    public NatsHeaders For(string messageId)
    {
        _store[Name] = messageId;
        return _headers;
    }
}

using System.Buffers;
using System.Text.Json;

namespace TradingEngine.Gateway;

/// <summary>An HTTP answer of the gateway: status, JSON body, and Retry-After for 429/503 (docs/gateway.openapi.json).</summary>
internal sealed record GatewayReply(int Status, ReadOnlyMemory<byte> Json, int RetryAfterSeconds = 0)
{
    /// <summary><c>{"error": "...", "detail": "..."}</c>: the body of every non-200 answer.</summary>
    public static GatewayReply Error(int status, string error, string detail, int retryAfterSeconds = 0)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("detail", detail);
            if (retryAfterSeconds > 0)
                w.WriteNumber("retry_after_seconds", retryAfterSeconds);
            w.WriteEndObject();
        }
        return new GatewayReply(status, buffer.WrittenMemory, retryAfterSeconds);
    }

    /// <summary>The short error code of each status (the <c>error</c> field).</summary>
    public static string ErrorCode(int status) => status switch
    {
        400 => "malformed_batch",
        401 => "unauthorized",
        403 => "forbidden",
        409 => "sequence_gap",
        413 => "too_large",
        415 => "unsupported_media_type",
        422 => "invalid_batch",
        429 => "rate_limited",
        503 => "unavailable",
        _ => "error",
    };
}

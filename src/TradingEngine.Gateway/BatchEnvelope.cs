using System.Buffers;
using System.Text.Json;

namespace TradingEngine.Gateway;

/// <summary>
/// The body of <c>POST /v1/md/batches</c> (docs/gateway.openapi.json, <c>Batch</c>):
/// <c>{"feeder": "nt8-desk1", "session": "20261207-0930-a1", "sequence": 17, "messages": [ {tick|quote|candle JSON}, … ]}</c>.
/// The rows are kept as slices of the body, byte for byte: each is decoded by the catalog's decoder and, accepted,
/// published unchanged. Parsing never throws; a failure says which field and value, and which status it earns. The row
/// ranges live in an array rented from <see cref="ArrayPool{T}.Shared"/> (a batch of 5,000 grew a list to 64 KB):
/// <see cref="Dispose"/> returns it once the batch is answered.
/// </summary>
internal sealed class BatchEnvelope : IDisposable
{
    public const int MaxNameLength = 64;

    private Range[] _rows;

    private BatchEnvelope(ReadOnlyMemory<byte> body, string feeder, string session, long sequence, Range[] rows, int rowCount)
    {
        Body = body;
        Feeder = feeder;
        Session = session;
        Sequence = sequence;
        _rows = rows;
        RowCount = rowCount;
    }

    public ReadOnlyMemory<byte> Body { get; }
    public string Feeder { get; }
    public string Session { get; }
    /// <summary>The batch's number within its session, from 1, one more per batch.</summary>
    public long Sequence { get; }
    /// <summary>How many rows (messages) the batch carries.</summary>
    public int RowCount { get; }

    /// <summary>Row <paramref name="index"/> (0 ≤ index &lt; <see cref="RowCount"/>), a slice of <see cref="Body"/>.</summary>
    public ReadOnlyMemory<byte> Row(int index) => (uint)index < (uint)RowCount
        ? Body[_rows[index]]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"the batch has {RowCount} rows");

    public void Dispose()
    {
        var rows = Interlocked.Exchange(ref _rows, []);
        if (rows.Length > 0)
            ArrayPool<Range>.Shared.Return(rows);
    }

    /// <summary>The key of the (feeder, session) high-water mark: both names are restricted to characters a KV key allows.</summary>
    public string MarkKey => $"{Feeder}.{Session}";

    /// <summary>1..64 characters of A-Z a-z 0-9 _ - (they become a KV key and part of each message id).</summary>
    public static bool IsValidName(string s) =>
        s.Length is > 0 and <= MaxNameLength && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Parses a body; on failure returns null with the HTTP status (400 malformed, 413 too many rows, 422 invalid value) and why.</summary>
    public static BatchEnvelope? Parse(ReadOnlyMemory<byte> body, int maxRows, out int status, out string? error)
    {
        var rows = new RowList();
        try
        {
            var batch = ParseCore(body, maxRows, ref rows, out status, out error);
            if (batch is not null)
                rows = default; // the batch owns the array now
            return batch;
        }
        catch (JsonException ex)
        {
            (status, error) = (400, $"the body is not valid JSON: {ex.Message}");
            return null;
        }
        finally
        {
            rows.Return();
        }
    }

    /// <summary>The row ranges while parsing: a pooled array, grown by renting a larger one.</summary>
    private struct RowList
    {
        public Range[]? Array;
        public int Count;

        public void Add(Range range)
        {
            if (Array is null || Count == Array.Length)
            {
                var larger = ArrayPool<Range>.Shared.Rent(Array is null ? 1024 : Array.Length * 2);
                if (Array is not null)
                {
                    Array.AsSpan(0, Count).CopyTo(larger);
                    ArrayPool<Range>.Shared.Return(Array);
                }
                Array = larger;
            }
            Array[Count++] = range;
        }

        public void Return()
        {
            if (Array is not null)
                ArrayPool<Range>.Shared.Return(Array);
        }
    }

    private static BatchEnvelope? ParseCore(ReadOnlyMemory<byte> body, int maxRows, ref RowList rowList, out int status, out string? error)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Fail(400, "the body must be a JSON object {\"feeder\", \"session\", \"sequence\", \"messages\"}", out status, out error);
        string? feeder = null, session = null;
        long? sequence = null;
        var rows = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "feeder":
                    if (reader.TokenType != JsonTokenType.String)
                        return Fail(400, $"feeder is {Show(ref reader)}, expected a string", out status, out error);
                    feeder = reader.GetString()!;
                    break;
                case "session":
                    if (reader.TokenType != JsonTokenType.String)
                        return Fail(400, $"session is {Show(ref reader)}, expected a string", out status, out error);
                    session = reader.GetString()!;
                    break;
                case "sequence":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var s))
                        return Fail(400, $"sequence is {Show(ref reader)}, expected an integer", out status, out error);
                    sequence = s;
                    break;
                case "messages":
                    if (reader.TokenType != JsonTokenType.StartArray)
                        return Fail(400, $"messages is {Show(ref reader)}, expected an array of market data messages", out status, out error);
                    rows = true;
                    rowList.Count = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (rowList.Count == maxRows)
                            return Fail(413, $"the batch has more than {maxRows} messages (max_rows)", out status, out error);
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        rowList.Add(new Range(start, (int)reader.BytesConsumed));
                    }
                    break;
                default:
                    return Fail(400, $"unknown field \"{name}\" (expected feeder, session, sequence, messages)", out status, out error);
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            return Fail(400, "the body is not one complete JSON object", out status, out error);
        if (feeder is null || session is null || sequence is null || !rows)
        {
            var missing = string.Join(", ", new[] { feeder is null ? "feeder" : null, session is null ? "session" : null,
                sequence is null ? "sequence" : null, !rows ? "messages" : null }.OfType<string>());
            return Fail(400, $"missing field(s): {missing}", out status, out error);
        }
        if (!IsValidName(feeder))
            return Fail(422, $"feeder \"{feeder}\" must be 1..{MaxNameLength} characters of A-Z a-z 0-9 _ -", out status, out error);
        if (!IsValidName(session))
            return Fail(422, $"session \"{session}\" must be 1..{MaxNameLength} characters of A-Z a-z 0-9 _ -", out status, out error);
        if (sequence < 1)
            return Fail(422, $"sequence {sequence} must be 1 or more (the first batch of a session is 1)", out status, out error);
        if (rowList.Count == 0)
            return Fail(422, "messages is empty: a batch carries at least one message", out status, out error);
        (status, error) = (200, null);
        return new BatchEnvelope(body, feeder, session, sequence.Value, rowList.Array!, rowList.Count);
    }

    private static BatchEnvelope? Fail(int code, string message, out int status, out string? error)
    {
        (status, error) = (code, message);
        return null;
    }

    private static string Show(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"\"{reader.GetString()}\"",
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        var t => t.ToString().ToLowerInvariant(),
    };
}

using System.Buffers;
using System.Text.Json;

namespace TradingEngine.Dashboard.Streaming;

/// <summary>
/// The stream's compact form of an output (<see cref="DashboardEvent.Shape"/>, <see cref="DashboardEvent.Row"/>): its
/// JSON split into a <b>shape</b>, the object's structure and property names with every value that is not an object
/// (a string, number, boolean, null or array) replaced by <c>0</c>, and a <b>row</b>, those values' own JSON text in
/// document order, comma-separated. Outputs of one kind share their shape (a few dozen shapes in a session), so a
/// page receives each shape once per connection and then only rows: a third of the bytes, and arrays of values to
/// parse instead of objects with keys. The page rebuilds the message by putting the row's values back into the
/// shape, which gives the object <c>JSON.parse</c> gives for the full JSON (same keys, order and values).
/// Not thread-safe: the hub calls it under its lock.
/// </summary>
internal sealed class CompactShapes
{
    private readonly Dictionary<byte[], Shape> _shapes = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], Shape>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly ArrayBufferWriter<byte> _shape = new(512);
    private readonly ArrayBufferWriter<byte> _row = new(512);

    public CompactShapes() => _lookup = _shapes.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Shapes seen so far.</summary>
    public int Count => _shapes.Count;

    /// <summary>Splits one message's JSON (an object) into its shared shape and a new row.</summary>
    public (Shape Shape, byte[] Row) Split(ReadOnlySpan<byte> json)
    {
        _shape.ResetWrittenCount();
        _row.ResetWrittenCount();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new ArgumentException($"a dashboard message must be a JSON object; it starts with {(json.Length == 0 ? "nothing" : $"'{(char)json[0]}'")}", nameof(json));
        Put(_shape, "{"u8);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    Put(_shape, "{"u8);
                    break;
                case JsonTokenType.EndObject:
                    Put(_shape, "}"u8);
                    break;
                case JsonTokenType.PropertyName:
                    if (_shape.WrittenSpan[^1] != (byte)'{')
                        Put(_shape, ","u8);
                    Put(_shape, "\""u8);
                    Put(_shape, reader.ValueSpan); // as written (escaped, when it is): valid between quotes
                    Put(_shape, "\":"u8);
                    break;
                default:
                    // a value: a primitive, or an array taken whole (its length varies between outputs of one kind)
                    var start = (int)reader.TokenStartIndex;
                    if (reader.TokenType == JsonTokenType.StartArray)
                        reader.Skip();
                    if (_row.WrittenCount > 0)
                        Put(_row, ","u8);
                    Put(_row, json[start..(int)reader.BytesConsumed]);
                    Put(_shape, "0"u8);
                    break;
            }
        }
        var row = _row.WrittenSpan.ToArray();
        if (!_lookup.TryGetValue(_shape.WrittenSpan, out var shape))
        {
            var bytes = _shape.WrittenSpan.ToArray();
            shape = new Shape(_shapes.Count, bytes);
            _shapes.Add(bytes, shape);
        }
        return (shape, row);
    }

    private static void Put(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    /// <summary>One shape: its number in the stream (0, 1, … in the order first seen) and its JSON.</summary>
    internal sealed record Shape(int Id, byte[] Json);

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}

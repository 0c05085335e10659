using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// The snapshot of a whole <see cref="SymbolExecutor"/> (every <see cref="SymbolPipeline"/> it owns) and the journal
/// sequence it covers, little-endian:
/// <c>"TESX" u32 | format version u16 | flags u16 (bit 0: <see cref="AfterJournalHole"/>) | journal sequence i64 | last event time i64 (UTC ns) |
/// pipeline count i32 | per pipeline: name length u16 + UTF-8 symbol name, length i32 + <see cref="Engine.State.PipelineSnapshot"/> |
/// XxHash64 of every byte before it</c>.
/// Pipelines are matched by symbol <em>name</em>, so a snapshot restores into an executor whose registry numbered
/// the symbols differently. The whole file is checked (checksum, framing, symbol set) before any pipeline is touched:
/// a damaged file is refused without changing the executor, and the store falls back to an older one.
/// </summary>
internal static class ExecutorSnapshot
{
    /// <summary>"TESX" little-endian.</summary>
    public const uint Magic = 0x58534554;

    /// <summary>Bump when the layout above changes; older versions are refused with the version in the message.</summary>
    public const ushort FormatVersion = 1;

    private const int HeaderBytes = 28;

    /// <summary>Flag bit: the state was built over a journal holding a hole that <c>te journal repair</c> recorded at or
    /// before the covered sequence (events lost there never reached it). Version 1 files written before the flag have 0.</summary>
    public const ushort AfterJournalHole = 1;

    /// <summary>Serializes <paramref name="executor"/>'s state into <paramref name="buffer"/> (reset first). Executor thread only.</summary>
    public static void Write(SymbolExecutor executor, SymbolRegistry symbols, long sequence, long lastEventTime, SnapshotBuffer buffer, ushort flags = 0)
    {
        buffer.Reset();
        var header = buffer.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], lastEventTime);
        var pipelines = executor.Pipelines;
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], pipelines.Count);
        buffer.Advance(HeaderBytes);
        for (var i = 0; i < pipelines.Count; i++)
        {
            var pipeline = pipelines[i];
            var name = symbols.NameOf(pipeline.Symbol);
            var nameBytes = Encoding.UTF8.GetByteCount(name);
            var span = buffer.GetSpan(2 + nameBytes + 4);
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)nameBytes);
            Encoding.UTF8.GetBytes(name, span.Slice(2, nameBytes));
            buffer.Advance(2 + nameBytes);
            var lengthAt = buffer.Length;
            buffer.Advance(4);
            pipeline.WriteSnapshot(buffer);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.WrittenSpanForPatch[lengthAt..], buffer.Length - lengthAt - 4);
        }
        var hash = XxHash64.HashToUInt64(buffer.WrittenSpan);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), hash);
        buffer.Advance(8);
    }

    /// <summary>Reads the covered sequence and event time after checking magic, version and checksum; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static (long Sequence, long LastEventTime) ReadHeader(ReadOnlySpan<byte> file, string name) => ReadHeader(file, name, out _);

    /// <inheritdoc cref="ReadHeader(ReadOnlySpan{byte}, string)"/>
    public static (long Sequence, long LastEventTime) ReadHeader(ReadOnlySpan<byte> file, string name, out ushort flags)
    {
        if (file.Length < HeaderBytes + 8)
            throw new InvalidDataException($"snapshot {name}: {file.Length} bytes, shorter than the {HeaderBytes + 8}-byte header and checksum (torn write?)");
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic != Magic)
            throw new InvalidDataException($"snapshot {name}: magic 0x{magic:x8}, expected 0x{Magic:x8} (\"TESX\")");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(file[4..]);
        if (version != FormatVersion)
            throw new InvalidDataException($"snapshot {name}: written by format {version}, this build reads {FormatVersion}");
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(file[^8..]);
        var actual = XxHash64.HashToUInt64(file[..^8]);
        if (stored != actual)
            throw new InvalidDataException($"snapshot {name}: checksum 0x{actual:x16} does not match the stored 0x{stored:x16} (damaged file)");
        flags = BinaryPrimitives.ReadUInt16LittleEndian(file[6..]);
        return (BinaryPrimitives.ReadInt64LittleEndian(file[8..]), BinaryPrimitives.ReadInt64LittleEndian(file[16..]));
    }

    /// <summary>
    /// Restores every pipeline of <paramref name="executor"/> from <paramref name="file"/>. Everything that can be checked
    /// without touching the executor is checked first; a pipeline that then refuses its state (a changed pipeline
    /// file: the DAG fingerprint differs) throws with the symbol named, and the executor must be rebuilt.
    /// </summary>
    public static (long Sequence, long LastEventTime) Restore(SymbolExecutor executor, SymbolRegistry symbols, ReadOnlySpan<byte> file, string name)
    {
        var header = ReadHeader(file, name);
        var body = file[..^8];
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[24..]);
        if (count != executor.Pipelines.Count)
            throw new InvalidDataException($"snapshot {name}: {count} symbol pipelines, this executor owns {executor.Pipelines.Count}");
        var targets = new SymbolPipeline[count];
        var ranges = new (int Offset, int Length)[count];
        var at = HeaderBytes;
        for (var i = 0; i < count; i++)
        {
            if (body.Length - at < 2)
                throw new InvalidDataException($"snapshot {name}: pipeline {i} of {count} is cut off at byte {at}");
            var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(body[at..]);
            at += 2;
            if (body.Length - at < nameBytes + 4)
                throw new InvalidDataException($"snapshot {name}: pipeline {i} of {count} is cut off at byte {at}");
            var symbol = Encoding.UTF8.GetString(body.Slice(at, nameBytes));
            at += nameBytes;
            var length = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
            at += 4;
            if (length < 0 || length > body.Length - at)
                throw new InvalidDataException($"snapshot {name}: pipeline of {symbol} says {length} bytes, {body.Length - at} remain");
            if (!symbols.TryGet(symbol, out var id) || executor.Find(id) is not { } pipeline)
                throw new InvalidDataException($"snapshot {name}: holds symbol '{symbol}', which this executor does not own (it owns {string.Join(",", executor.Pipelines.Select(p => symbols.NameOf(p.Symbol)))})");
            if (Array.IndexOf(targets, pipeline) >= 0)
                throw new InvalidDataException($"snapshot {name}: symbol '{symbol}' appears twice");
            targets[i] = pipeline;
            ranges[i] = (at, length);
            at += length;
        }
        if (at != body.Length)
            throw new InvalidDataException($"snapshot {name}: {body.Length - at} bytes after the last pipeline");
        for (var i = 0; i < count; i++)
        {
            try
            {
                targets[i].RestoreSnapshot(body.Slice(ranges[i].Offset, ranges[i].Length));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                throw new SnapshotMismatchException(
                    $"snapshot {name}: the state of {symbols.NameOf(targets[i].Symbol)} does not fit this pipeline ({ex.Message}); was the pipeline file changed? Start without --recover, or with --warmup", ex);
            }
        }
        return header;
    }
}

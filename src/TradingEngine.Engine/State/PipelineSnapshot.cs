using System.Buffers;
using System.Runtime.InteropServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.State;

/// <summary>
/// The binary snapshot of one symbol's pipeline (its <see cref="DagInstance"/>, whose candle board holds the aggregator):
/// <c>"TESP" u32 | format version u16 | symbol i32 | aggregator length i32 + bytes |
/// external candles (count i32, per series: present u8 + Candle bytes) | DAG state</c>, little-endian.
/// The DAG state starts with the compiled pipeline's fingerprint, so a snapshot is never restored into
/// a pipeline whose nodes, parameters or wiring changed; each node's blob carries its kind's state version.
/// </summary>
internal static class PipelineSnapshot
{
    /// <summary>"TESP" little-endian.</summary>
    public const uint Magic = 0x50534554;

    /// <summary>Bump when the layout above changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes the state of <paramref name="pipeline"/> (its aggregator, external candles and nodes) to <paramref name="output"/>.</summary>
    public static void Write(DagInstance pipeline, IBufferWriter<byte> output)
    {
        var w = new StateWriter(output);
        w.WriteInt32((int)Magic);
        w.WriteByte((byte)FormatVersion);
        w.WriteByte((byte)(FormatVersion >> 8));
        w.WriteInt32(pipeline.Symbol.Value);
        var aggregator = pipeline.Candles.Aggregator;
        var size = aggregator.SnapshotSize;
        w.WriteInt32(size);
        var span = w.GetSpan(size);
        var written = aggregator.WriteSnapshot(span);
        w.Advance(written);
        var board = pipeline.Candles;
        var externals = board.ExternalStorage;
        var present = board.ExternalPresent;
        w.WriteInt32(externals.Length);
        for (var i = 0; i < externals.Length; i++)
        {
            w.WriteBoolean(present[i]);
            w.WriteBytes(MemoryMarshal.AsBytes(externals.Slice(i, 1)));
        }
        DagSnapshot.Write(pipeline, output);
    }

    /// <summary>Restores into a freshly built pipeline of the same compiled DAG and symbol.</summary>
    public static void Restore(DagInstance pipeline, ReadOnlySpan<byte> snapshot)
    {
        var r = new StateReader(snapshot);
        if ((uint)r.ReadInt32() != Magic)
            throw new InvalidDataException("not a pipeline snapshot (magic is not TESP)");
        var version = (ushort)(r.ReadByte() | (r.ReadByte() << 8));
        if (version != FormatVersion)
            throw new InvalidDataException($"pipeline snapshot format version {version}, this build reads {FormatVersion}");
        var symbol = r.ReadInt32();
        if (symbol != pipeline.Symbol.Value)
            throw new InvalidDataException($"snapshot is of symbol #{symbol}, pipeline runs #{pipeline.Symbol.Value}");
        var size = r.ReadInt32();
        var read = pipeline.Candles.Aggregator.RestoreSnapshot(r.ReadBytes(size));
        if (read != size)
            throw new InvalidDataException($"aggregation snapshot is {size} bytes, the aggregator read {read}");
        var board = pipeline.Candles;
        var count = r.ReadInt32();
        if (count != board.ExternalStorage.Length)
            throw new InvalidDataException($"snapshot has {count} candle series, pipeline declares {board.ExternalStorage.Length}");
        for (var i = 0; i < count; i++)
        {
            board.ExternalPresent[i] = r.ReadBoolean();
            r.ReadBytes(System.Runtime.CompilerServices.Unsafe.SizeOf<Candle>()).CopyTo(MemoryMarshal.AsBytes(board.ExternalStorage.Slice(i, 1)));
        }
        DagSnapshot.Read(pipeline, ref r);
        if (r.Remaining != 0)
            throw new InvalidDataException($"pipeline snapshot has {r.Remaining} bytes after the DAG state");
    }
}

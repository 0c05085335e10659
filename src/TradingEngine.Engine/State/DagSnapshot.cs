using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.State;

/// <summary>
/// The DAG part of a symbol snapshot (<see cref="PipelineSnapshot"/>): the compiled pipeline's fingerprint, the node
/// count, per node its kind's state version, length and state bytes, then the value board (value and valid flag per
/// slot) and the last tick and quote the nodes see.
/// </summary>
internal static class DagSnapshot
{
    /// <summary>Writes <paramref name="dag"/>'s state to <paramref name="output"/>.</summary>
    public static void Write(DagInstance dag, IBufferWriter<byte> output)
    {
        var compiled = dag.Dag;
        var w = new StateWriter(output);
        w.WriteInt64((long)compiled.Fingerprint);
        w.WriteInt32(compiled.Steps.Count);
        var scratch = dag.SnapshotScratch;
        for (var s = 0; s < compiled.Steps.Count; s++)
        {
            scratch.ResetWrittenCount();
            var nw = new StateWriter(scratch);
            dag.WriteNodeState(s, ref nw);
            w.WriteInt32(compiled.Steps[s].Kind.Info.StateVersion);
            w.WriteInt32(scratch.WrittenCount);
            w.WriteBytes(scratch.WrittenSpan);
        }
        var board = dag.Board;
        var valid = dag.BoardValid;
        w.WriteInt32(board.Length);
        for (var i = 0; i < board.Length; i++)
        {
            w.WriteInt64(board[i]);
            w.WriteBoolean(valid[i]);
        }
        w.WriteBytes(Bytes(ref dag.LastTick));
        w.WriteBytes(Bytes(ref dag.LastQuote));
    }

    /// <summary>Restores what <see cref="Write"/> wrote into <paramref name="dag"/>, which must be fresh (never run) and of the same compiled DAG.</summary>
    public static void Read(DagInstance dag, ref StateReader r)
    {
        var compiled = dag.Dag;
        var fingerprint = (ulong)r.ReadInt64();
        if (fingerprint != compiled.Fingerprint)
            throw new InvalidDataException($"snapshot is of another pipeline (fingerprint {fingerprint:x16}, this pipeline {compiled.Fingerprint:x16}: nodes, parameters or wiring changed)");
        var count = r.ReadInt32();
        if (count != compiled.Steps.Count)
            throw new InvalidDataException($"snapshot has {count} nodes, pipeline has {compiled.Steps.Count}");
        for (var s = 0; s < count; s++)
        {
            var version = r.ReadInt32();
            var info = compiled.Steps[s].Kind.Info;
            if (version != info.StateVersion)
                throw new InvalidDataException($"snapshot of node '{compiled.Steps[s].Id}' has state version {version}, kind '{info.Name}' reads version {info.StateVersion}");
            var length = r.ReadInt32();
            var nr = new StateReader(r.ReadBytes(length));
            dag.ReadNodeState(s, ref nr);
            if (nr.Remaining != 0)
                throw new InvalidDataException($"snapshot of node '{compiled.Steps[s].Id}' has {nr.Remaining} unread bytes (kind '{info.Name}' state layout changed without a version bump?)");
        }
        var board = dag.BoardForRestore;
        var valid = dag.ValidForRestore;
        var slots = r.ReadInt32();
        if (slots != board.Length)
            throw new InvalidDataException($"snapshot has {slots} board slots, pipeline has {board.Length}");
        for (var i = 0; i < board.Length; i++)
        {
            board[i] = r.ReadInt64();
            valid[i] = r.ReadBoolean();
        }
        r.ReadBytes(Unsafe.SizeOf<Tick>()).CopyTo(Bytes(ref dag.LastTick));
        r.ReadBytes(Unsafe.SizeOf<Quote>()).CopyTo(Bytes(ref dag.LastQuote));
    }

    private static Span<byte> Bytes<T>(ref T value)
        where T : struct => MemoryMarshal.AsBytes(new Span<T>(ref value));
}

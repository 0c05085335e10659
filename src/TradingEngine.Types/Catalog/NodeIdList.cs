using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// Up to four DAG node ids (the compiled graph's small integer ids) that triggered a signal. 10 bytes inline,
/// no references. JSON: <c>[3, 7]</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct NodeIdList : IEquatable<NodeIdList>
{
    public const int Capacity = 4;

    public ushort Id0;
    public ushort Id1;
    public ushort Id2;
    public ushort Id3;
    public byte Count;

    public readonly ushort this[int index] => (uint)index >= Count
        ? throw new ArgumentOutOfRangeException(nameof(index))
        : index switch { 0 => Id0, 1 => Id1, 2 => Id2, _ => Id3 };

    /// <summary>Appends; false when full.</summary>
    public bool TryAdd(ushort id)
    {
        switch (Count)
        {
            case 0: Id0 = id; break;
            case 1: Id1 = id; break;
            case 2: Id2 = id; break;
            case 3: Id3 = id; break;
            default: return false;
        }
        Count++;
        return true;
    }

    public static NodeIdList Of(params ReadOnlySpan<ushort> ids)
    {
        var list = default(NodeIdList);
        foreach (var id in ids)
            if (!list.TryAdd(id))
                throw new ArgumentException($"at most {Capacity} node ids", nameof(ids));
        return list;
    }

    public readonly bool Equals(NodeIdList other)
    {
        if (Count != other.Count)
            return false;
        for (var i = 0; i < Count; i++)
            if (this[i] != other[i])
                return false;
        return true;
    }

    public override readonly bool Equals(object? obj) => obj is NodeIdList o && Equals(o);

    public override readonly int GetHashCode() => HashCode.Combine(Count, Id0, Id1, Id2, Id3);

    public static bool operator ==(NodeIdList a, NodeIdList b) => a.Equals(b);
    public static bool operator !=(NodeIdList a, NodeIdList b) => !a.Equals(b);
}

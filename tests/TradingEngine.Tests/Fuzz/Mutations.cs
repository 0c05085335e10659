using CsCheck;

namespace TradingEngine.Tests.Fuzz;

/// <summary>CsCheck generators of byte-level mutations of real inputs (the havoc stage of a mutational fuzzer, in small).</summary>
public static class Mutations
{
    private static readonly byte[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, (byte)',', (byte)'\n', (byte)'"', (byte)':', (byte)'-', (byte)'.', (byte)'9', (byte)'{', (byte)'['];

    /// <summary>One of <paramref name="seeds"/> with one to eight stacked mutations.</summary>
    public static Gen<byte[]> Input(IReadOnlyList<byte[]> seeds) =>
        Gen.Int[0, seeds.Count - 1].SelectMany(i => Gen.Int[1, 8].SelectMany(n => Stack(Gen.Const(seeds[i]), n, seeds)));

    private static Gen<byte[]> Stack(Gen<byte[]> input, int count, IReadOnlyList<byte[]> seeds) =>
        count == 0 ? input : Stack(input.SelectMany(bytes => Mutate(bytes, seeds)), count - 1, seeds);

    private static Gen<byte[]> Mutate(byte[] input, IReadOnlyList<byte[]> seeds)
    {
        if (input.Length == 0)
            return Gen.Byte.Array[1, 16];
        var at = Gen.Int[0, input.Length - 1];
        var interesting = Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i]);
        var seed = Gen.Int[0, seeds.Count - 1].Select(i => seeds[i]);
        return Gen.Int[0, 6].SelectMany(kind => kind switch
        {
            0 => Gen.Select(at, Gen.Int[0, 7], (int i, int bit) => With(input, i, (byte)(input[i] ^ (1 << bit)))),
            1 => Gen.Select(at, interesting, (int i, byte b) => With(input, i, b)),
            2 => Gen.Select(at, Gen.Byte.Array[1, 8], (int i, byte[] bytes) => Concat(input[..i], bytes, input[i..])),
            3 => Gen.Select(at, Gen.Int[1, 16], (int i, int n) => Concat(input[..i], input[Math.Min(input.Length, i + n)..])),
            4 => at.Select(i => input[..i]),
            5 => Gen.Select(at, seed, (int i, byte[] other) => Concat(input[..i], other[Math.Min(i, other.Length)..])),
            _ => Gen.Select(at, Gen.Int[1, 64], (int i, int n) => Concat(input[..i], Enumerable.Repeat(input[i], n).ToArray(), input[i..])),
        });
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] With(byte[] input, int index, byte value)
    {
        var copy = (byte[])input.Clone();
        copy[index] = value;
        return copy;
    }
}

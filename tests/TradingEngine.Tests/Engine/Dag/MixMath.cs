namespace TradingEngine.Tests.Engine.Dag;

/// <summary>The pure arithmetic of <see cref="MixNode"/>, shared with the reference evaluator so both compute the same function.</summary>
internal static class MixMath
{
    public static long Next(long previous, long inputs, long count) =>
        unchecked(((previous ^ inputs) * 6364136223846793005L) + count + 1442695040888963407L);

    public static long CandleTerm(long closeRaw, long openTime, int tickCount) => unchecked((closeRaw * 31) ^ openTime ^ ((long)tickCount << 40));

    // Every `skip`-th run produces no new output, so the changed-bit logic gets exercised both ways.
    public static bool Produces(long count, long skip) => skip == 0 || count % skip != 0;
}

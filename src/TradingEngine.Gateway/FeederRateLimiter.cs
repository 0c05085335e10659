using System.Diagnostics;

namespace TradingEngine.Gateway;

/// <summary>
/// A token bucket of rows per feeder: <see cref="GatewayOptions.RateLimitPerSecond"/> rows a second, up to
/// <see cref="GatewayOptions.RateLimitBurst"/> (at least one full batch) at once. A batch takes all its rows or none;
/// refused, it learns how long until it would fit (the 429's Retry-After).
/// </summary>
internal sealed class FeederRateLimiter
{
    private readonly double _rate;
    private readonly double _burst;
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Func<long> _clock;

    public FeederRateLimiter(double perSecond, double burst, int maxRows, Func<long>? clock = null)
    {
        _rate = perSecond;
        _burst = Math.Max(burst, maxRows);
        _clock = clock ?? Stopwatch.GetTimestamp;
    }

    public bool Enabled => _rate > 0;

    /// <summary>Takes <paramref name="rows"/> tokens of the feeder's bucket, or says in how many whole seconds (≥ 1) they will be there.</summary>
    public bool TryTake(string feeder, int rows, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (!Enabled)
            return true;
        var now = _clock();
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(feeder, out var b))
                b = new Bucket(_burst, now);
            var tokens = Math.Min(_burst, b.Tokens + (now - b.Time) * _rate / Stopwatch.Frequency);
            if (tokens >= rows)
            {
                _buckets[feeder] = new Bucket(tokens - rows, now);
                return true;
            }
            _buckets[feeder] = new Bucket(tokens, now);
            retryAfterSeconds = (int)Math.Max(1, Math.Ceiling((rows - tokens) / _rate));
            return false;
        }
    }

    private readonly record struct Bucket(double Tokens, long Time);
}

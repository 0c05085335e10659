using System;

namespace TradingEngine.Feeder
{
    /// <summary>Where and how a <see cref="MarketDataFeeder"/> sends (docs/ninjatrader.md, "Parameters").</summary>
    public sealed class FeederOptions
    {
        /// <summary>The gateway's base URL, e.g. https://gateway.example:8443 (the feeder posts to /v1/md/batches).</summary>
        public Uri GatewayUrl { get; set; }

        /// <summary>The feeder's bearer token (kept in memory only; never written to the spill files or a log).</summary>
        public string Token { get; set; }

        /// <summary>The feeder id of the gateway config (1..64 of A-Z a-z 0-9 _ -).</summary>
        public string FeederId { get; set; }

        /// <summary>The session of this run; default: the start time in UTC plus a random suffix (sequences restart at 1 in each).</summary>
        public string Session { get; set; }

        /// <summary>Most messages per batch.</summary>
        public int BatchSize { get; set; } = 500;

        /// <summary>A batch is sent at the latest this long after its first message arrived.</summary>
        public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>Events held in memory; a full queue refuses (counted in <see cref="FeederStats.Dropped"/>), it never blocks the caller.</summary>
        public int QueueCapacity { get; set; } = 200000;

        /// <summary>Directory of the spill file queue (batches not yet stored by the gateway survive a restart there).</summary>
        public string SpillDirectory { get; set; }

        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Longest wait for the gateway's reply to one batch.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// Batches posted before the first of them is answered (1: one at a time). The gateway stores a session's batches one
        /// at a time in sequence order whatever order the requests arrive in, so the order per symbol holds; a batch that
        /// fails makes it and every later one go through the spill, in order (docs/gateway.md, "Several batches in flight").
        /// </summary>
        public int MaxInFlight { get; set; } = 4;

        /// <summary>Gzip the request body.</summary>
        public bool Gzip { get; set; } = true;

        /// <summary>How long <see cref="MarketDataFeeder.Dispose"/> tries to deliver what is queued before it spills the rest.</summary>
        public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Called on the sender's thread after each batch the gateway stored: its rows and the time from send to reply (benchmarks, status lines).</summary>
        public Action<int, TimeSpan> BatchStored { get; set; }

        internal void Validate()
        {
            if (GatewayUrl == null)
                throw new ArgumentException("GatewayUrl is not set (e.g. https://gateway.example:8443)");
            if (string.IsNullOrEmpty(Token))
                throw new ArgumentException("Token is not set (the feeder's bearer token from the gateway's operator)");
            if (!IsName(FeederId))
                throw new ArgumentException("FeederId '" + FeederId + "' must be 1..64 characters of A-Z a-z 0-9 _ -");
            if (Session != null && !IsName(Session))
                throw new ArgumentException("Session '" + Session + "' must be 1..64 characters of A-Z a-z 0-9 _ -");
            if (string.IsNullOrEmpty(SpillDirectory))
                throw new ArgumentException("SpillDirectory is not set (a local directory for batches the gateway has not stored yet)");
            if (BatchSize < 1 || QueueCapacity < BatchSize)
                throw new ArgumentException("BatchSize " + BatchSize + " must be at least 1 and at most QueueCapacity " + QueueCapacity);
            if (MaxInFlight < 1 || MaxInFlight > 64)
                throw new ArgumentException("MaxInFlight " + MaxInFlight + " must be 1..64 (batches posted before the first is answered)");
        }

        internal static bool IsName(string s)
        {
            if (string.IsNullOrEmpty(s) || s.Length > 64)
                return false;
            foreach (var c in s)
            {
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'))
                    return false;
            }
            return true;
        }
    }
}

using System;

namespace TradingEngine.Feeder
{
    /// <summary>What the gateway said to one batch (docs/gateway.openapi.json).</summary>
    internal struct SendOutcome
    {
        public SendResult Result;
        public int Status;
        public int Accepted;
        public int Rejected;
        /// <summary>The response body (200: per-row results; otherwise the error detail), or the network error.</summary>
        public string Detail;
        /// <summary>The server's Retry-After (429, 503), when it gave one.</summary>
        public TimeSpan? RetryAfter;
    }

    internal enum SendResult
    {
        /// <summary>200 stored: every accepted row is in JetStream.</summary>
        Stored,
        /// <summary>200 duplicate: the gateway had this batch already.</summary>
        Duplicate,
        /// <summary>4xx other than 409 and 429: sending it again would get the same answer.</summary>
        Refused,
        /// <summary>409 (an earlier batch not stored yet), 429, 503, 5xx, timeout, connection refused: send the same batch again later.</summary>
        Retry,
    }
}

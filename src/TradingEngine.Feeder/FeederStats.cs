using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace TradingEngine.Feeder
{
    /// <summary>What a feeder did, for the indicator's status line and for tests: nothing refused or dropped goes uncounted.</summary>
    public sealed class FeederStats
    {
        private readonly Dictionary<string, long> _rejectedByReason = new Dictionary<string, long>();
        internal long _enqueued, _dropped, _batchesStored, _batchesDuplicate, _rowsAccepted, _rowsRejected, _batchesRefused, _spilled, _retries;
        private string _lastError;

        /// <summary>Events taken by <see cref="MarketDataFeeder.TryEnqueue"/>.</summary>
        public long Enqueued => Interlocked.Read(ref _enqueued);
        /// <summary>Events refused because the in-memory queue was full (the platform produced faster than the disk could take).</summary>
        public long Dropped => Interlocked.Read(ref _dropped);
        public long BatchesStored => Interlocked.Read(ref _batchesStored);
        /// <summary>Batches the gateway already had (a reply lost, a replayed spill): not stored twice.</summary>
        public long BatchesDuplicate => Interlocked.Read(ref _batchesDuplicate);
        public long RowsAccepted => Interlocked.Read(ref _rowsAccepted);
        /// <summary>Rows the gateway rejected (bad values); they are in the gateway's dead-letter subject.</summary>
        public long RowsRejected => Interlocked.Read(ref _rowsRejected);
        /// <summary>Batches refused for good (401, 403, 400, 413, 422, 409): kept in the spill directory's refused/ folder.</summary>
        public long BatchesRefused => Interlocked.Read(ref _batchesRefused);
        /// <summary>Batches written to the spill file queue.</summary>
        public long Spilled => Interlocked.Read(ref _spilled);
        /// <summary>Attempts that will be retried (429, 503, network errors).</summary>
        public long Retries => Interlocked.Read(ref _retries);

        public string LastError
        {
            get { lock (_rejectedByReason) return _lastError; }
            internal set { lock (_rejectedByReason) _lastError = value; }
        }

        public IDictionary<string, long> RejectedByReason
        {
            get { lock (_rejectedByReason) return new Dictionary<string, long>(_rejectedByReason); }
        }

        internal void OnRejected(string reason)
        {
            lock (_rejectedByReason)
            {
                long n;
                _rejectedByReason.TryGetValue(reason, out n);
                _rejectedByReason[reason] = n + 1;
            }
        }

        public override string ToString()
        {
            var reasons = string.Join(", ", RejectedByReason.OrderBy(p => p.Key).Select(p => p.Key + " " + p.Value));
            return "queued " + Enqueued + ", dropped " + Dropped + ", batches stored " + BatchesStored + " (+" + BatchesDuplicate + " duplicate), rows " + RowsAccepted
                   + " accepted / " + RowsRejected + " rejected" + (reasons.Length > 0 ? " [" + reasons + "]" : "") + ", refused batches " + BatchesRefused
                   + ", spilled " + Spilled + ", retries " + Retries + (LastError != null ? ", last error: " + LastError : "");
        }
    }
}

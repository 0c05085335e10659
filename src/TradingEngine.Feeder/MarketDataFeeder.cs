using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// Sends market data to the gateway without ever blocking the caller (docs/ninjatrader.md, "How the feeder sends"):
    /// <see cref="TryEnqueue"/> copies the event into a bounded queue; one background thread seals batches (by count,
    /// <see cref="FeederOptions.BatchSize"/>, and by time, <see cref="FeederOptions.FlushInterval"/>), numbers them 1, 2, 3, …
    /// in the session and posts them in order, up to <see cref="FeederOptions.MaxInFlight"/> before the first is answered. A batch that cannot be delivered now (429, 503, network
    /// error) is written to the spill file queue, and so is every batch sealed after it until the spill has drained:
    /// the spill is sent oldest first, with backoff and jitter between attempts and the server's Retry-After honoured. One
    /// sender, one order: the order of each symbol's events is the order they were enqueued.
    /// </summary>
    public sealed class MarketDataFeeder : IDisposable
    {
        private readonly FeederOptions _options;
        private readonly BoundedEventQueue _queue;
        private readonly SpillQueue _spill;
        private readonly GatewayClient _client;
        private readonly Thread _thread;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Random _jitter = new Random();
        private readonly List<FeedEvent> _drain = new List<FeedEvent>();
        private readonly StringBuilder _json = new StringBuilder(1 << 16);
        private readonly Queue<InFlight> _inFlight = new Queue<InFlight>();
        private readonly Stack<BatchBuffer> _freeBuffers = new Stack<BatchBuffer>();
        private long _sequence;
        private volatile bool _stopping;
        private int _busy;

        public MarketDataFeeder(FeederOptions options) : this(options, null)
        {
        }

        /// <param name="handler">the HTTP handler (tests, or a platform's proxy settings); null: the default.</param>
        public MarketDataFeeder(FeederOptions options, HttpMessageHandler handler)
        {
            if (options == null)
                throw new ArgumentNullException(nameof(options));
            options.Validate();
            _options = options;
            Session = options.Session ?? NewSession();
            _queue = new BoundedEventQueue(options.QueueCapacity);
            _spill = new SpillQueue(options.SpillDirectory);
            _client = new GatewayClient(options, handler);
            _thread = new Thread(Run) { IsBackground = true, Name = "te-feeder " + options.FeederId };
            _thread.Start();
        }

        public string Session { get; }

        public FeederStats Stats { get; } = new FeederStats();

        /// <summary>Batches waiting in the spill file queue.</summary>
        public int SpillCount
        {
            get { lock (_spill) return _spill.Count; }
        }

        /// <summary>True when nothing is queued, spilled or being sent.</summary>
        public bool IsIdle => _queue.Count == 0 && SpillCount == 0 && Volatile.Read(ref _busy) == 0;

        /// <summary>Queues an event; never blocks. False when the queue is full (counted in <see cref="FeederStats.Dropped"/>).</summary>
        public bool TryEnqueue(FeedEvent e)
        {
            if (_stopping || !_queue.TryEnqueue(ref e))
            {
                Interlocked.Increment(ref Stats._dropped);
                return false;
            }
            Interlocked.Increment(ref Stats._enqueued);
            return true;
        }

        /// <summary>Waits until everything enqueued so far is stored by the gateway (or refused), up to <paramref name="timeout"/>.</summary>
        public bool WaitUntilIdle(TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!IsIdle)
            {
                if (clock.Elapsed > timeout)
                    return false;
                Thread.Sleep(5);
            }
            return true;
        }

        /// <summary>A session id that sorts by start time: 20261207T093000123Z-1a2b3c.</summary>
        public static string NewSession() =>
            DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);

        private void Run()
        {
            var backoff = _options.InitialBackoff;
            var flush = (int)Math.Max(1, _options.FlushInterval.TotalMilliseconds);
            while (true)
            {
                // answers are taken in sequence order, the oldest first
                if (_inFlight.Count > 0)
                {
                    var oldest = _inFlight.Peek();
                    if (!oldest.Reply.IsCompleted)
                    {
                        var full = _inFlight.Count >= _options.MaxInFlight || SpillCount > 0 || _stopping;
                        if (full || _queue.Count == 0)
                        {
                            // no room, or nothing to seal yet: wait for the oldest answer (a flush interval at most while there is room)
                            ((IAsyncResult)oldest.Reply).AsyncWaitHandle.WaitOne(full ? Timeout.Infinite : flush);
                            continue;
                        }
                    }
                    else
                    {
                        _inFlight.Dequeue();
                        var settled = Settle(Outcome(oldest.Reply), oldest, null, ref backoff);
                        Recycle(oldest);
                        if (!settled)
                            return;
                        continue;
                    }
                }
                else
                {
                    // the spill goes first, one batch at a time, oldest first (nothing is in flight here)
                    string spilledName, spilled = null;
                    lock (_spill)
                        spilledName = _spill.Count > 0 ? _spill.PeekOldest(out spilled) : null;
                    if (spilledName != null)
                    {
                        Volatile.Write(ref _busy, 1);
                        var sent = Stopwatch.GetTimestamp();
                        var outcome = _client.Send(spilled, Stats, _stop.Token);
                        if (!Settle(outcome, new InFlight(spilled, null, sent, null), spilledName, ref backoff))
                            return;
                        continue;
                    }
                    Volatile.Write(ref _busy, 0);
                }
                if (!Seal(waitForFirst: !_stopping && _inFlight.Count == 0))
                {
                    if (_stopping && _inFlight.Count == 0)
                        return;
                    continue;
                }
                Volatile.Write(ref _busy, 1);
                var buffer = _freeBuffers.Count > 0 ? _freeBuffers.Pop() : new BatchBuffer();
                buffer.Set(_json);
                _inFlight.Enqueue(new InFlight(null, buffer, Stopwatch.GetTimestamp(), _client.SendAsync(_client.Content(buffer), Stats, _stop.Token)));
            }
        }

        /// <summary>
        /// A batch's buffer goes back to the free list once the gateway answered it (the request, body included, is over); after a
        /// network error or a cancellation it is left to the collector, in case the handler still holds the body.
        /// </summary>
        private void Recycle(InFlight batch)
        {
            if (batch.Buffer != null && batch.Reply.Status == TaskStatus.RanToCompletion && batch.Reply.Result.Status > 0)
                _freeBuffers.Push(batch.Buffer);
        }

        private static SendOutcome Outcome(Task<SendOutcome> reply) =>
            reply.Status == TaskStatus.RanToCompletion
                ? reply.Result
                : new SendOutcome { Result = SendResult.Retry, Detail = "gateway unreachable: " + (reply.Exception != null ? reply.Exception.GetBaseException().Message : "the request was canceled") };

        /// <summary>
        /// Acts on one batch's answer: stored or duplicate (out of the spill when it came from there), refused (kept aside in
        /// refused/), or to be sent again: spilled, and so is every batch in flight behind it that the gateway did not store
        /// (they are re-sent from the spill, in order), then the backoff. False when the feeder is stopping and has spilled the rest.
        /// </summary>
        private bool Settle(SendOutcome outcome, InFlight batch, string spilledName, ref TimeSpan backoff, bool behindFailure = false)
        {
            switch (outcome.Result)
            {
                case SendResult.Stored:
                case SendResult.Duplicate:
                    if (outcome.Result == SendResult.Stored)
                    {
                        Interlocked.Increment(ref Stats._batchesStored);
                        Interlocked.Add(ref Stats._rowsAccepted, outcome.Accepted);
                        Interlocked.Add(ref Stats._rowsRejected, outcome.Rejected);
                        var stored = _options.BatchStored;
                        if (stored != null)
                            stored(outcome.Accepted + outcome.Rejected, TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - batch.Sent) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
                    }
                    else
                        Interlocked.Increment(ref Stats._batchesDuplicate);
                    if (spilledName != null)
                    {
                        lock (_spill)
                            _spill.Remove(spilledName);
                    }
                    backoff = _options.InitialBackoff;
                    return true;
                case SendResult.Refused:
                    Interlocked.Increment(ref Stats._batchesRefused);
                    Stats.LastError = "HTTP " + outcome.Status + ": " + outcome.Detail;
                    lock (_spill)
                    {
                        if (spilledName == null)
                            spilledName = SpillLocked(batch.Body, BodySequence(batch.Body));
                        _spill.Refuse(spilledName, Stats.LastError);
                    }
                    return true;
                default:
                    Interlocked.Increment(ref Stats._retries);
                    Stats.LastError = outcome.Status > 0 ? "HTTP " + outcome.Status + ": " + outcome.Detail : outcome.Detail;
                    if (spilledName == null)
                    {
                        lock (_spill)
                            SpillLocked(batch.Body, BodySequence(batch.Body));
                    }
                    if (behindFailure)
                        return true;
                    // the batches behind it: whatever the gateway did not store goes to the spill too, in order
                    while (_inFlight.Count > 0)
                    {
                        var next = _inFlight.Dequeue();
                        ((IAsyncResult)next.Reply).AsyncWaitHandle.WaitOne();
                        var unchanged = backoff;
                        Settle(Outcome(next.Reply), next, null, ref unchanged, behindFailure: true);
                        Recycle(next);
                    }
                    var wait = outcome.RetryAfter.HasValue && outcome.RetryAfter.Value > TimeSpan.Zero ? outcome.RetryAfter.Value : Jittered(backoff);
                    backoff = TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, backoff.Ticks * 2));
                    SpillWhileWaiting(wait);
                    if (_stopping)
                    {
                        SpillAll();
                        return false;
                    }
                    return true;
            }
        }

        /// <summary>A batch posted and not yet answered (or a spilled one being re-sent: its text, no buffer, no task).</summary>
        private sealed class InFlight
        {
            private string _body;

            public InFlight(string body, BatchBuffer buffer, long sent, Task<SendOutcome> reply)
            {
                _body = body;
                Buffer = buffer;
                Sent = sent;
                Reply = reply;
            }

            /// <summary>The body as text: only needed when the batch goes to the spill (decoded from the buffer then).</summary>
            public string Body => _body ?? (_body = Buffer.Text());
            public BatchBuffer Buffer { get; }
            public long Sent { get; }
            public Task<SendOutcome> Reply { get; }
        }

        /// <summary>Full jitter between half and all of the backoff: many feeders restarting together do not retry in step.</summary>
        private TimeSpan Jittered(TimeSpan backoff) => TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + 0.5 * _jitter.NextDouble())));

        /// <summary>Waits before the next attempt; meanwhile seals what arrives into the spill, so the memory queue keeps room.</summary>
        private void SpillWhileWaiting(TimeSpan wait)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < wait && !_stopping)
            {
                var left = wait - clock.Elapsed;
                var slice = left < _options.FlushInterval ? left : _options.FlushInterval;
                if (_queue.WaitForAny((int)Math.Max(1, slice.TotalMilliseconds)) && Seal(waitForFirst: false))
                {
                    lock (_spill)
                        SpillLocked(_json.ToString(), _sequence);
                }
            }
        }

        private void SpillAll()
        {
            while (Seal(waitForFirst: false))
            {
                lock (_spill)
                    SpillLocked(_json.ToString(), _sequence);
            }
        }

        private string SpillLocked(string body, long sequence)
        {
            _spill.Write(BodySession(body), sequence, body);
            Interlocked.Increment(ref Stats._spilled);
            return SpillQueue.FileName(BodySession(body), sequence);
        }

        /// <summary>
        /// Takes up to a batch of events (waiting up to the flush interval for the first, then until the batch is full or the
        /// interval since the first has passed), numbers the batch and writes its body into <see cref="_json"/>; false when nothing came.
        /// </summary>
        private bool Seal(bool waitForFirst)
        {
            _drain.Clear();
            var interval = (int)Math.Max(1, _options.FlushInterval.TotalMilliseconds);
            if (!_queue.WaitForAny(waitForFirst ? interval : 0))
                return false;
            Volatile.Write(ref _busy, 1); // before the queue empties: IsIdle must not see an empty queue and an idle sender while a batch is sealed
            var clock = Stopwatch.StartNew();
            while (_drain.Count < _options.BatchSize)
            {
                _queue.DrainTo(_drain, _options.BatchSize - _drain.Count);
                if (_drain.Count >= _options.BatchSize || _stopping)
                    break;
                var left = interval - (int)clock.ElapsedMilliseconds;
                if (left <= 0 || !_queue.WaitForAny(left))
                    break;
            }
            _sequence++;
            // the whole body in one reused buffer (the sender takes it as UTF-8, the spill as text)
            _json.Clear();
            FeedJson.BatchHead(_json, _options.FeederId, Session, _sequence);
            for (var i = 0; i < _drain.Count; i++)
            {
                if (i > 0)
                    _json.Append(',');
                var e = _drain[i];
                FeedJson.WriteMessage(_json, ref e);
            }
            _json.Append(FeedJson.BatchTail);
            return true;
        }

        // the spill file name carries the batch's own session and sequence (a spilled batch of an earlier run keeps them)
        private static string BodySession(string body) => Field(body, "\"session\":\"", '"');

        private static long BodySequence(string body) => long.Parse(Field(body, "\"sequence\":", ','), System.Globalization.CultureInfo.InvariantCulture);

        private static string Field(string body, string key, char end)
        {
            var start = body.IndexOf(key, StringComparison.Ordinal) + key.Length;
            return body.Substring(start, body.IndexOf(end, start) - start);
        }

        /// <summary>Stops: delivers what is queued within <see cref="FeederOptions.StopTimeout"/>, spills the rest to disk.</summary>
        public void Dispose()
        {
            _stopping = true;
            _queue.Wake();
            if (!_thread.Join(_options.StopTimeout))
            {
                _stop.Cancel();
                _thread.Join(_options.RequestTimeout);
            }
            _client.Dispose();
            _stop.Dispose();
        }
    }
}

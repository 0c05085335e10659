using System.Collections.Generic;
using System.Threading;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// A fixed-capacity FIFO between the platform's thread (producer) and the sender (consumer). <see cref="TryEnqueue"/>
    /// never waits: full, it returns false. The array is allocated once; an enqueue copies a struct under a short lock.
    /// </summary>
    internal sealed class BoundedEventQueue
    {
        private readonly FeedEvent[] _items;
        private readonly object _gate = new object();
        private int _head;
        private int _count;

        public BoundedEventQueue(int capacity) => _items = new FeedEvent[capacity];

        public int Count
        {
            get { lock (_gate) return _count; }
        }

        public bool TryEnqueue(ref FeedEvent e)
        {
            lock (_gate)
            {
                if (_count == _items.Length)
                    return false;
                _items[(_head + _count) % _items.Length] = e;
                _count++;
                if (_count == 1)
                    Monitor.Pulse(_gate);
                return true;
            }
        }

        /// <summary>Waits up to <paramref name="timeoutMs"/> for at least one event; false when none came.</summary>
        public bool WaitForAny(int timeoutMs)
        {
            lock (_gate)
            {
                if (_count > 0)
                    return true;
                Monitor.Wait(_gate, timeoutMs);
                return _count > 0;
            }
        }

        /// <summary>Moves up to <paramref name="max"/> events, oldest first, into <paramref name="into"/>.</summary>
        public int DrainTo(List<FeedEvent> into, int max)
        {
            lock (_gate)
            {
                var n = _count < max ? _count : max;
                for (var i = 0; i < n; i++)
                {
                    into.Add(_items[_head]);
                    _items[_head] = default(FeedEvent);
                    _head = (_head + 1) % _items.Length;
                }
                _count -= n;
                return n;
            }
        }

        /// <summary>Wakes a waiting consumer (stop).</summary>
        public void Wake()
        {
            lock (_gate)
                Monitor.PulseAll(_gate);
        }
    }
}

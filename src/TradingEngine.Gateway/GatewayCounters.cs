using System.Collections.Concurrent;
using TradingEngine.Types;

namespace TradingEngine.Gateway;

/// <summary>What the gateway did since start, for <c>te gateway</c>'s summary: nothing refused goes uncounted.</summary>
public sealed class GatewayCounters
{
    private readonly long[] _rejected = new long[256];
    private readonly ConcurrentDictionary<int, long> _responses = new();
    private long _batches;
    private long _duplicateBatches;
    private long _rows;
    private long _streamDuplicates;

    public long Batches => Volatile.Read(ref _batches);
    public long DuplicateBatches => Volatile.Read(ref _duplicateBatches);
    public long RowsAccepted => Volatile.Read(ref _rows);
    /// <summary>Rows JetStream recognised by message id (a batch re-sent after a lost reply): stored once.</summary>
    public long StreamDuplicates => Volatile.Read(ref _streamDuplicates);
    public long Rejected(RejectReason reason) => Volatile.Read(ref _rejected[(int)reason]);
    public long RejectedTotal => _rejected.Sum();

    public long Responses(int status) => _responses.TryGetValue(status, out var n) ? n : 0;

    internal void OnBatch(int accepted, int streamDuplicates)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _rows, accepted);
        Interlocked.Add(ref _streamDuplicates, streamDuplicates);
    }

    internal void OnDuplicateBatch() => Interlocked.Increment(ref _duplicateBatches);
    internal void OnRejected(RejectReason reason) => Interlocked.Increment(ref _rejected[(int)reason]);
    internal void OnResponse(int status) => _responses.AddOrUpdate(status, 1, (_, n) => n + 1);

    /// <summary>One line: batches, rows, rejects by reason, responses by status.</summary>
    public string Summary()
    {
        var rejects = string.Join(", ", Enum.GetValues<RejectReason>().Where(r => Rejected(r) > 0).Select(r => $"{r} {Rejected(r):N0}"));
        var statuses = string.Join(", ", _responses.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"));
        return $"{Batches:N0} batches stored ({RowsAccepted:N0} rows, {StreamDuplicates:N0} already in the stream), {DuplicateBatches:N0} duplicate batches, " +
               $"{RejectedTotal:N0} rows rejected{(rejects.Length > 0 ? $" [{rejects}]" : "")}; responses: {(statuses.Length > 0 ? statuses : "none")}";
    }
}

using System.Globalization;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.ObjectStore;
using NATS.Client.ObjectStore.Models;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Serving;

/// <summary>
/// An executor group's state on the bus (docs/scaling.md, "State on the bus"): every snapshot the executor writes
/// locally is also put, as object <c>state.snapshot.{group}</c>, into a JetStream object store bucket (replicated
/// like the streams in a cluster), with the stream sequence it covers; the stream's pin (<see cref="JetStreamPin"/>)
/// then moves after that sequence, so the stream keeps exactly what a restore must replay. An executor started on
/// another node, with an empty state directory, restores the object and resumes its stream after the sequence the
/// snapshot covers: its outputs are those of one uninterrupted run (the ones published again carry the same ids).
/// Uploads run off the snapshot writer's thread, newest wins: a snapshot written while the previous one is still
/// uploading replaces the waiting one (counted as superseded).
/// </summary>
public sealed class SnapshotBus : IAsyncDisposable
{
    public const string DefaultBucket = "TE_SNAPSHOTS";

    /// <summary>Object metadata: the last stream sequence the snapshot covers.</summary>
    public const string SourceSequenceKey = "te-source-sequence";

    /// <summary>Object metadata: the journal sequence (of the executor that wrote it) the snapshot covers.</summary>
    public const string JournalSequenceKey = "te-journal-sequence";

    private readonly NatsJSContext _js;
    private readonly SnapshotBusOptions _options;
    private readonly string _stream;
    private readonly Channel<(byte[] Snapshot, long Journal, long Source)> _offers =
        Channel.CreateBounded<(byte[], long, long)>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private Task? _uploading;
    private INatsObjStore? _store;
    private long _uploaded;
    private long _failed;
    private long _offered;

    public SnapshotBus(NatsConnection connection, SnapshotBusOptions options, string stream)
    {
        _js = new NatsJSContext(connection);
        _options = options;
        _stream = stream;
    }

    /// <summary>The object holding the group's newest snapshot.</summary>
    public string ObjectName => ObjectNameOf(_options.Key);

    public static string ObjectNameOf(string key) => "state.snapshot." + key;

    /// <summary>Snapshots put on the bus.</summary>
    public long Uploaded => Interlocked.Read(ref _uploaded);

    /// <summary>Snapshots the executor wrote that were replaced by a newer one before their upload started.</summary>
    public long Superseded => Math.Max(0, Interlocked.Read(ref _offered) - Uploaded - Failed);

    /// <summary>Uploads that failed (the next snapshot tries again; the pin stays where it was, so nothing is lost).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The stream sequence the newest uploaded snapshot covers (0: none yet).</summary>
    public long UploadedThrough { get; private set; }

    /// <summary>The last upload failure, for the summary.</summary>
    public string? LastError { get; private set; }

    /// <summary>What a restore took from the bus (null: nothing, the local state was used).</summary>
    public (long SourceSequence, long JournalSequence, long Bytes)? Restored { get; private set; }

    /// <summary>The stream's pin for <see cref="JetStreamOptions.PinName"/>.</summary>
    public string PinName => JetStreamPin.Name(_options.Key);

    private async Task<INatsObjStore> StoreAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
            return _store;
        var objects = new NatsObjContext(_js);
        try
        {
            _store = await objects.GetObjectStoreAsync(_options.Bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            _store = await objects.CreateObjectStoreAsync(new NatsObjConfig(_options.Bucket)
            {
                Storage = NatsObjStorageType.File,
                NumberOfReplicas = _options.Replicas,
                Description = "te serve executor snapshots, one object per executor group (docs/scaling.md)",
            }, cancellationToken).ConfigureAwait(false);
        }
        return _store;
    }

    /// <summary>
    /// The group's newest snapshot on the bus and the journal and stream sequences it covers; null when there is none.
    /// While JetStream does not answer (a cluster electing a leader) it tries again, <see cref="SnapshotBusOptions.UnavailableAttempts"/>
    /// times in all, then throws <see cref="SnapshotBusUnavailableException"/> naming the bucket, the object and the tries.
    /// </summary>
    public async Task<(byte[] Snapshot, long Journal, long Source)?> FetchAsync(CancellationToken cancellationToken)
    {
        var delay = _options.UnavailableDelay;
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FetchOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnavailable(ex))
            {
                if (attempt >= Math.Max(1, _options.UnavailableAttempts))
                {
                    throw new SnapshotBusUnavailableException(string.Create(CultureInfo.InvariantCulture,
                        $"snapshot bucket {_options.Bucket} (object {ObjectName}): JetStream did not answer in {attempt} tries over {started.Elapsed.TotalSeconds:F1} s " +
                        $"(last: {ex.GetType().Name}: {ex.Message}); a cluster without a leader or JetStream not ready: start again once it answers"), ex);
                }
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }
        }
    }

    /// <summary>No answer from JetStream's API (a request unanswered, or no responders: 503), not an answer that refuses.</summary>
    private static bool IsUnavailable(Exception ex) =>
        ex is NatsJSApiNoResponseException or NatsNoRespondersException or NatsNoReplyException or NatsTimeoutException
        || ex is NatsJSApiException { Error.Code: 503 };

    private async Task<(byte[] Snapshot, long Journal, long Source)?> FetchOnceAsync(CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        ObjectMetadata info;
        try
        {
            info = await store.GetInfoAsync(ObjectName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsObjNotFoundException)
        {
            return null;
        }
        var bytes = await store.GetBytesAsync(ObjectName, cancellationToken).ConfigureAwait(false);
        return (bytes, Number(info, JournalSequenceKey), Number(info, SourceSequenceKey));
    }

    private long Number(ObjectMetadata info, string key) =>
        info.Metadata is { } m && m.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"object {ObjectName} of bucket {_options.Bucket} has no metadata '{key}' (a number): not written by te serve executor");

    /// <summary>
    /// Before the input starts: when the executor's state directory is fresh (one executor, an empty journal) and the
    /// bucket holds the group's snapshot, restores it into the executor, deletes the group's durable (its ack floor is
    /// the old node's journal, not this one's; the pin keeps what follows the snapshot) and returns the stream sequence
    /// to resume after. 0 when the local state is used (a journal is there) or the bus has no snapshot.
    /// </summary>
    public async Task<long> RestoreAsync(EngineSet engines, SymbolRegistry symbols, IReadOnlyList<JournalWriter> journals, string consumer,
        CancellationToken cancellationToken)
    {
        if (engines.Executors.Count != 1 || journals[0].NextSequence > 1)
            return 0;
        if (await FetchAsync(cancellationToken).ConfigureAwait(false) is not { } found)
            return 0;
        var executor = engines.Executors[0].Executor;
        ExecutorSnapshot.Restore(executor, symbols, found.Snapshot, $"{_options.Bucket}/{ObjectName}");
        executor.LastSourceSequence = found.Source;
        try
        {
            await _js.DeleteConsumerAsync(_stream, consumer, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            // a fresh stream, or the durable was removed: it is created after the snapshot's sequence
        }
        Restored = (found.Source, found.Journal, found.Snapshot.Length);
        return found.Source;
    }

    /// <summary>Starts uploading what <paramref name="writer"/> writes.</summary>
    public void Attach(SnapshotWriter writer)
    {
        writer.OnWritten = Offer;
        _uploading ??= Task.Run(UploadAsync);
    }

    /// <summary>Queues a written snapshot for upload (snapshot writer's thread; never blocks: newest wins).</summary>
    public void Offer(byte[] snapshot, long journalSequence, long sourceSequence)
    {
        Interlocked.Increment(ref _offered);
        _offers.Writer.TryWrite((snapshot, journalSequence, sourceSequence));
    }

    private async Task UploadAsync()
    {
        await foreach (var (snapshot, journal, source) in _offers.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var store = await StoreAsync(timeout.Token).ConfigureAwait(false);
                var meta = new ObjectMetadata
                {
                    Name = ObjectName,
                    Metadata = new Dictionary<string, string>
                    {
                        [SourceSequenceKey] = source.ToString(CultureInfo.InvariantCulture),
                        [JournalSequenceKey] = journal.ToString(CultureInfo.InvariantCulture),
                    },
                };
                await store.PutAsync(meta, new MemoryStream(snapshot), cancellationToken: timeout.Token).ConfigureAwait(false);
                // only once the object is stored may the stream let go of what the snapshot covers
                if (source > 0)
                    await JetStreamPin.MoveAsync(_js, _stream, PinName, source, timeout.Token).ConfigureAwait(false);
                UploadedThrough = source;
                Interlocked.Increment(ref _uploaded);
            }
            catch (Exception ex) when (ex is NatsException or NatsJSException or NatsObjException or TimeoutException or OperationCanceledException or IOException)
            {
                LastError = $"snapshot at stream sequence {source} to bucket {_options.Bucket}: {ex.Message}";
                Interlocked.Increment(ref _failed);
            }
        }
    }

    /// <summary>One line for the role's summary.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"snapshots on the bus ({_options.Bucket}/{ObjectName}): uploaded {Uploaded} (through stream sequence {UploadedThrough}), superseded {Superseded}, failed {Failed}") +
        (Restored is { } r ? string.Create(CultureInfo.InvariantCulture, $"; restored at start: stream sequence {r.SourceSequence} ({r.Bytes} bytes)") : "") +
        (LastError is { } e ? "; last error: " + e : "");

    /// <summary>Uploads the snapshot still queued (up to 30 s), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _offers.Writer.TryComplete();
        if (_uploading is not null)
            await _uploading.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }
}

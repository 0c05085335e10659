using System.Globalization;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// A directory of executor snapshots named by the journal sequence they cover, <c>{sequence:D20}.tes</c> (names sort
/// in sequence order). A snapshot is written to <c>.tes.tmp</c>, fsynced, then renamed into place, so a crash leaves
/// either the whole new file or none of it; the newest <see cref="Keep"/> are kept. Loading walks from the newest
/// down and skips what does not check out (torn, corrupt, another format version, or covering journal events the
/// journal does not hold), so a damaged newest snapshot costs a longer journal tail, never the recovery.
/// </summary>
public sealed class SnapshotStore
{
    public const string Extension = ".tes";

    /// <param name="directory">Created when missing.</param>
    /// <param name="keep">How many snapshots to keep (at least 2, so the newest can be damaged).</param>
    public SnapshotStore(string directory, int keep = 3)
    {
        if (keep < 2)
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "keep at least 2 snapshots: the previous one is the fallback for a damaged newest");
        Directory = directory;
        Keep = keep;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public int Keep { get; }

    /// <summary>Snapshot files, newest (highest sequence) first; temp files and foreign names are ignored.</summary>
    public IReadOnlyList<(string Path, long Sequence)> List()
    {
        var list = new List<(string, long)>();
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*" + Extension))
        {
            if (TryParseName(path, out var sequence))
                list.Add((path, sequence));
        }
        list.Sort((a, b) => b.Item2.CompareTo(a.Item2));
        return list;
    }

    public string PathOf(long sequence) => Path.Combine(Directory, sequence.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    /// <summary>
    /// Writes one snapshot atomically (temp file, fsync, rename) and removes the ones beyond <see cref="Keep"/>, except the
    /// one covering <paramref name="keepAlso"/> (0: none). Off the executor thread.
    /// </summary>
    public string Write(ReadOnlySpan<byte> snapshot, long sequence, long keepAlso = 0)
    {
        var path = PathOf(sequence);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.Write(snapshot);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        Prune(keepAlso);
        return path;
    }

    /// <summary>
    /// Loads the newest snapshot that checks out and covers at most <paramref name="maxSequence"/>, calling
    /// <paramref name="restore"/> with its bytes once magic, version, checksum and name check out; <paramref name="rejected"/>
    /// gets one line per skipped file saying why. <paramref name="restore"/> may throw <see cref="InvalidDataException"/>
    /// only for a file it refused without changing anything (the next older file is tried); a
    /// <see cref="SnapshotMismatchException"/> stops the search. <paramref name="refuse"/>, when given, names why a snapshot
    /// covering a journal sequence must not be used (null: it may).
    /// </summary>
    public SnapshotInfo? LoadNewest(long maxSequence, Action<byte[], string> restore, List<string> rejected, Func<long, string?>? refuse = null)
    {
        foreach (var (path, sequence) in List())
        {
            var name = Path.GetFileName(path);
            if (sequence > maxSequence)
            {
                rejected.Add($"{name}: covers journal sequence {sequence}, the journal ends at {maxSequence}");
                continue;
            }
            if (refuse?.Invoke(sequence) is { } reason)
            {
                rejected.Add($"{name}: {reason}");
                continue;
            }
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (IOException ex)
            {
                rejected.Add($"{name}: {ex.Message}");
                continue;
            }
            try
            {
                var (covered, lastEventTime) = ExecutorSnapshot.ReadHeader(bytes, name, out var flags);
                if (covered != sequence)
                    throw new InvalidDataException($"snapshot {name}: its header says sequence {covered}, its name {sequence}");
                restore(bytes, name);
                return new SnapshotInfo(path, covered, lastEventTime, (flags & ExecutorSnapshot.AfterJournalHole) != 0);
            }
            catch (InvalidDataException ex)
            {
                rejected.Add(ex.Message);
            }
        }
        return null;
    }

    private void Prune(long keepAlso)
    {
        var list = List();
        for (var i = Keep; i < list.Count; i++)
        {
            if (list[i].Sequence == keepAlso)
                continue;
            try
            {
                File.Delete(list[i].Path);
            }
            catch (IOException)
            {
                // a reader may hold it open; the next write prunes it
            }
        }
    }

    private static bool TryParseName(string path, out long sequence)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && name.Length == 20;
    }
}

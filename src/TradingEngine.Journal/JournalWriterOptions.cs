namespace TradingEngine.Journal;

/// <summary>How a <see cref="JournalWriter"/> frames, rolls and syncs.</summary>
public sealed class JournalWriterOptions
{
    /// <summary>Encoded (pre-LZ4) bytes per frame before it is written: 1 MiB amortises fsync and LZ4 set-up; smaller frames mean less to lose per torn write.</summary>
    public int FrameBytes { get; init; } = 1024 * 1024;

    /// <summary>A new segment starts once the current one reaches this size.</summary>
    public long SegmentBytes { get; init; } = 256L * 1024 * 1024;

    public JournalFsyncPolicy Fsync { get; init; } = JournalFsyncPolicy.PerBatch;

    /// <summary>For <see cref="JournalFsyncPolicy.Interval"/>: the longest time written frames stay un-synced (while frames keep coming).</summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>LZ4 level: fast (L00) by default; higher levels compress a little better at a large cost in append speed.</summary>
    public K4os.Compression.LZ4.LZ4Level CompressionLevel { get; init; } = K4os.Compression.LZ4.LZ4Level.L00_FAST;

    /// <summary>The creation time written into segment headers; the wall clock by default (tests pin it for byte-identical files).</summary>
    public Func<long>? Clock { get; init; }

    /// <summary>Where <see cref="JournalWriter.Open"/> reports a torn tail it cut (frame, offset, events kept); standard error by default.</summary>
    public Action<string>? Log { get; init; }

    internal void Validate()
    {
        if (FrameBytes < Format.JournalFormat.MinFrameCapacity || FrameBytes > Format.JournalFormat.MaxFrameBytes / 2)
            ThrowHelper.ThrowArgument($"frame size {FrameBytes} bytes is outside {Format.JournalFormat.MinFrameCapacity}..{Format.JournalFormat.MaxFrameBytes / 2}", nameof(FrameBytes));
        if (SegmentBytes < FrameBytes)
            ThrowHelper.ThrowArgument($"segment size {SegmentBytes} is smaller than a frame ({FrameBytes})", nameof(SegmentBytes));
        if (Fsync == JournalFsyncPolicy.Interval && FsyncInterval <= TimeSpan.Zero)
            ThrowHelper.ThrowArgument($"fsync interval {FsyncInterval} must be positive", nameof(FsyncInterval));
    }
}

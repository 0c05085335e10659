using System.Text.Json.Serialization;

// Wire-shape mirrors of the catalog, used only to generate JSON Schemas (and to check in tests that the hand-written
// codec writes exactly this shape). The hot codec never touches them. Prices and sizes are decimal here because a
// schema can only say "number"; on the wire they are exact decimal text (see docs/message_catalog.md).
namespace TradingEngine.Types.Schema;

internal sealed class SnakeCaseEnum<TEnum>() : JsonStringEnumConverter<TEnum>(WireName.Policy, allowIntegerValues: false)
    where TEnum : struct, Enum;

/// <summary>The envelope every message travels in.</summary>
internal sealed record EnvelopeDto<TData>
{
    public required int SchemaVersion { get; init; }
    public required string Type { get; init; }
    public required string Symbol { get; init; }
    /// <summary>Event time, ISO 8601 UTC, up to 9 fractional digits.</summary>
    public required DateTimeOffset Timestamp { get; init; }
    public string? Timeframe { get; init; }
    public required TData Data { get; init; }
    public MetadataDto? Metadata { get; init; }
}

internal sealed record MetadataDto
{
    public DateTimeOffset? ReceiveTime { get; init; }
    public string? Source { get; init; }
    public int? NodeId { get; init; }
    public long? SourceSequence { get; init; }
    /// <summary>An output's index among its source event's outputs: with the symbol and source sequence, its stable id (docs/nats.md).</summary>
    public int? OutputIndex { get; init; }
}

internal sealed record TickDto
{
    public required decimal Price { get; init; }
    public required decimal Size { get; init; }
    public decimal? Bid { get; init; }
    public decimal? Ask { get; init; }
    [JsonConverter(typeof(SnakeCaseEnum<AggressorSide>))] public AggressorSide? Aggressor { get; init; }
    public string? Venue { get; init; }
    public uint? Conditions { get; init; }
    public bool? Suspicious { get; init; }
    public bool? Flagged { get; init; }
}

internal sealed record QuoteDto
{
    public decimal? Bid { get; init; }
    public decimal? BidSize { get; init; }
    public decimal? Ask { get; init; }
    public decimal? AskSize { get; init; }
    public string? Venue { get; init; }
    public uint? Conditions { get; init; }
    public bool? Suspicious { get; init; }
    public bool? Flagged { get; init; }
}

internal sealed record CandleDto
{
    public required decimal Open { get; init; }
    public required decimal High { get; init; }
    public required decimal Low { get; init; }
    public required decimal Close { get; init; }
    public required decimal Volume { get; init; }
    public required DateTimeOffset CloseTime { get; init; }
    public required int TickCount { get; init; }
    public DateTimeOffset? LastEventTime { get; init; }
    public bool? Closed { get; init; }
    public bool? Synthetic { get; init; }
    public bool? External { get; init; }
    /// <summary>Closed by the end of a replay's input, not by its bucket's end (<see cref="CandleFlags.EndOfData"/>).</summary>
    public bool? EndOfData { get; init; }
}

internal sealed record TimerDto;

internal sealed record GapDto
{
    [JsonConverter(typeof(SnakeCaseEnum<GapReason>))] public required GapReason Reason { get; init; }
    public required long LostCount { get; init; }
}

internal sealed record SwingPointDto
{
    [JsonConverter(typeof(SnakeCaseEnum<SwingSide>))] public required SwingSide Side { get; init; }
    public required ushort Strength { get; init; }
    public required decimal Price { get; init; }
    public required DateTimeOffset PivotTime { get; init; }
    [JsonConverter(typeof(SnakeCaseEnum<SwingClassification>))] public SwingClassification? Classification { get; init; }
}

internal sealed record FairValueGapDto
{
    [JsonConverter(typeof(SnakeCaseEnum<StructureDirection>))] public required StructureDirection Direction { get; init; }
    [JsonConverter(typeof(SnakeCaseEnum<ZoneState>))] public required ZoneState State { get; init; }
    public required decimal Top { get; init; }
    public required decimal Bottom { get; init; }
    public required DateTimeOffset FormedTime { get; init; }
}

internal sealed record OrderBlockDto
{
    [JsonConverter(typeof(SnakeCaseEnum<StructureDirection>))] public required StructureDirection Direction { get; init; }
    [JsonConverter(typeof(SnakeCaseEnum<ZoneState>))] public required ZoneState State { get; init; }
    public required decimal Top { get; init; }
    public required decimal Bottom { get; init; }
    public required DateTimeOffset OriginTime { get; init; }
    public required decimal Volume { get; init; }
}

internal sealed record LiquidityLevelDto
{
    [JsonConverter(typeof(SnakeCaseEnum<LiquiditySide>))] public required LiquiditySide Side { get; init; }
    [JsonConverter(typeof(SnakeCaseEnum<ZoneState>))] public required ZoneState State { get; init; }
    public required int Touches { get; init; }
    public required decimal Price { get; init; }
    public required DateTimeOffset FormedTime { get; init; }
}

internal sealed record BreakOfStructureDto
{
    [JsonConverter(typeof(SnakeCaseEnum<StructureDirection>))] public required StructureDirection Direction { get; init; }
    [JsonConverter(typeof(SnakeCaseEnum<BreakKind>))] public required BreakKind Kind { get; init; }
    public required decimal Level { get; init; }
    public required decimal BreakPrice { get; init; }
    public required DateTimeOffset SwingTime { get; init; }
}

internal sealed record VolumeProfileDto
{
    [JsonPropertyName("value_area_bp")] public required ushort ValueAreaBp { get; init; }
    public required int LevelCount { get; init; }
    public required decimal Poc { get; init; }
    public required decimal Vah { get; init; }
    public required decimal Val { get; init; }
    public required decimal TotalVolume { get; init; }
    public required DateTimeOffset SessionStart { get; init; }
}

internal sealed record DeltaVolumeDto
{
    public required decimal BuyVolume { get; init; }
    public required decimal SellVolume { get; init; }
    public required DateTimeOffset BarTime { get; init; }
}

internal sealed record FootprintDto
{
    public required DateTimeOffset BarTime { get; init; }
    public required int LevelCount { get; init; }
    public required decimal Poc { get; init; }
    public required decimal Delta { get; init; }
    public required decimal TotalVolume { get; init; }
    public required ushort BuyImbalances { get; init; }
    public required ushort SellImbalances { get; init; }
    public required ushort MaxStackedImbalances { get; init; }
    public decimal? MaxImbalancePrice { get; init; }
    public required double MaxImbalanceRatio { get; init; }
}

internal sealed record CumulativeDeltaDto
{
    public required decimal Value { get; init; }
    public required DateTimeOffset SessionStart { get; init; }
}

internal sealed record MovingAverageDto
{
    [JsonConverter(typeof(SnakeCaseEnum<MovingAverageKind>))] public required MovingAverageKind Kind { get; init; }
    public required ushort Period { get; init; }
    public required double Value { get; init; }
}

internal sealed record VwapDto
{
    public required DateTimeOffset SessionStart { get; init; }
    public required double Value { get; init; }
    [JsonPropertyName("upper_1")] public required double Upper1 { get; init; }
    [JsonPropertyName("lower_1")] public required double Lower1 { get; init; }
    [JsonPropertyName("upper_2")] public required double Upper2 { get; init; }
    [JsonPropertyName("lower_2")] public required double Lower2 { get; init; }
}

internal sealed record PeriodValueDto
{
    public required ushort Period { get; init; }
    public required double Value { get; init; }
}

internal sealed record NodeValueDto
{
    public required ushort Port { get; init; }
    public required bool Persist { get; init; }
    public required double Value { get; init; }
}

internal sealed record TradeSignalDto
{
    [JsonConverter(typeof(SnakeCaseEnum<SignalAction>))] public required SignalAction Action { get; init; }
    [JsonConverter(typeof(SnakeCaseEnum<PositionSide>))] public required PositionSide Side { get; init; }
    public required decimal Price { get; init; }
    public required ushort ReasonCode { get; init; }
    public ushort[]? Triggers { get; init; }
    public double?[]? TriggerValues { get; init; }
    public ushort? TriggerInputs { get; init; }
}

internal sealed record PositionUpdateDto
{
    [JsonConverter(typeof(SnakeCaseEnum<PositionSide>))] public required PositionSide Side { get; init; }
    public required decimal Quantity { get; init; }
    public decimal? MarkPrice { get; init; }
    public required double AveragePrice { get; init; }
    public required double RealizedPnl { get; init; }
    public required double UnrealizedPnl { get; init; }
}

internal sealed record RiskMetricDto
{
    [JsonConverter(typeof(SnakeCaseEnum<PositionSide>))] public required PositionSide Side { get; init; }
    public required decimal Entry { get; init; }
    public required decimal Stop { get; init; }
    public required decimal Target { get; init; }
    public required decimal PositionSize { get; init; }
    public required double RMultiple { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EnvelopeDto<TickDto>))]
[JsonSerializable(typeof(EnvelopeDto<QuoteDto>))]
[JsonSerializable(typeof(EnvelopeDto<CandleDto>))]
[JsonSerializable(typeof(EnvelopeDto<TimerDto>))]
[JsonSerializable(typeof(EnvelopeDto<GapDto>))]
[JsonSerializable(typeof(EnvelopeDto<SwingPointDto>))]
[JsonSerializable(typeof(EnvelopeDto<FairValueGapDto>))]
[JsonSerializable(typeof(EnvelopeDto<OrderBlockDto>))]
[JsonSerializable(typeof(EnvelopeDto<LiquidityLevelDto>))]
[JsonSerializable(typeof(EnvelopeDto<BreakOfStructureDto>))]
[JsonSerializable(typeof(EnvelopeDto<VolumeProfileDto>))]
[JsonSerializable(typeof(EnvelopeDto<DeltaVolumeDto>))]
[JsonSerializable(typeof(EnvelopeDto<FootprintDto>))]
[JsonSerializable(typeof(EnvelopeDto<CumulativeDeltaDto>))]
[JsonSerializable(typeof(EnvelopeDto<MovingAverageDto>))]
[JsonSerializable(typeof(EnvelopeDto<VwapDto>))]
[JsonSerializable(typeof(EnvelopeDto<PeriodValueDto>))]
[JsonSerializable(typeof(EnvelopeDto<NodeValueDto>))]
[JsonSerializable(typeof(EnvelopeDto<TradeSignalDto>))]
[JsonSerializable(typeof(EnvelopeDto<PositionUpdateDto>))]
[JsonSerializable(typeof(EnvelopeDto<RiskMetricDto>))]
internal sealed partial class WireJsonContext : JsonSerializerContext;

using TradingEngine.Hosting;
namespace TradingEngine.Cli.Sweep;

/// <summary>One walk-forward fold: optimised on [TrainFrom, TestFrom), the best variant then run on [TestFrom, TestTo).</summary>
internal sealed record SweepFold(int Fold, long TrainFrom, long TestFrom, long TestTo, SweepVariantResult Best, SweepVariantResult OutOfSample);

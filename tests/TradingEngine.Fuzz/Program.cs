using TradingEngine.Fuzz;

// dotnet TradingEngine.Fuzz.dll list | seeds TARGET DIR | afl TARGET | replay TARGET FILE-OR-DIR...
// `afl` is the afl++ driver (SharpFuzz out-of-process loop); run it through fuzz.sh, which instruments the assemblies.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: TradingEngine.Fuzz list | seeds TARGET DIR | afl TARGET | replay TARGET FILE-OR-DIR...");
    return 2;
}
try
{
    switch (args[0])
    {
        case "list":
            foreach (var t in FuzzTargets.All)
                Console.WriteLine($"{t.Name,-22} {t.Description}");
            return 0;
        case "seeds" when args.Length == 3:
        {
            var target = FuzzTargets.Find(args[1]);
            Directory.CreateDirectory(args[2]);
            var seeds = target.Seeds();
            for (var i = 0; i < seeds.Count; i++)
                File.WriteAllBytes(Path.Combine(args[2], $"seed{i:D2}"), seeds[i]);
            Console.Error.WriteLine($"{target.Name}: {seeds.Count} seeds in {args[2]}");
            return seeds.Count > 0 ? 0 : 1;
        }
        case "afl" when args.Length == 2:
        {
            var target = FuzzTargets.Find(args[1]);
            SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                target.Run(copy.ToArray());
            });
            return 0;
        }
        case "replay" when args.Length >= 3:
        {
            var target = FuzzTargets.Find(args[1]);
            var files = args.Skip(2).SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a).Order(StringComparer.Ordinal).ToArray() : new[] { a }).ToArray();
            var crashes = 0;
            foreach (var file in files)
            {
                try
                {
                    target.Run(File.ReadAllBytes(file));
                }
                catch (Exception ex)
                {
                    crashes++;
                    Console.WriteLine($"{file}: {ex.GetType().FullName}: {ex.Message}\n{ex.StackTrace}");
                }
            }
            Console.Error.WriteLine($"{target.Name}: {files.Length} inputs replayed, {crashes} crashed");
            return crashes == 0 ? 0 : 1;
        }
        default:
            Console.Error.WriteLine($"TradingEngine.Fuzz: unknown command or wrong arguments: {string.Join(' ', args)}");
            return 2;
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"TradingEngine.Fuzz: {ex.Message}");
    return 2;
}

using System.CommandLine;
using TradingEngine.Journal;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te journal verify DIR</c>: reads the whole journal past any damage and prints every bad frame (segment, frame,
/// byte offset, the journal sequences it took); exit 1 when there is damage. <c>te journal repair DIR</c>: backs up each
/// segment it changes, salvages every good frame after a bad one, records each hole as a gap event and prints the
/// events lost (docs/journal.md).
/// </summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var verifyDir = new Argument<DirectoryInfo>("DIR") { Description = "journal directory" };
        var verify = new Command("verify", "read every frame of a journal and report each bad one (exit 1 when damaged)") { verifyDir };
        verify.SetAction(result => Run("verify", () =>
        {
            var dir = Existing(result.GetValue(verifyDir)!);
            var report = JournalRepair.Verify(dir);
            foreach (var damage in report.Damage)
                Console.Out.WriteLine($"bad: {Describe(damage)}");
            Console.Out.WriteLine($"journal {dir}: {report.Segments} segments, {report.Events:N0} events read up to sequence {report.LastSequence}, " +
                $"{report.Holes} hole(s) recorded by an earlier repair ({report.EventsInHoles:N0} events), {report.Damage.Count} bad region(s)" +
                (report.Clean ? "" : $" taking {report.LostEvents:N0} events" + (report.Damage.Any(d => d.LostEvents < 0) ? " and an unknown number more" : "")));
            if (report.Clean)
                return 0;
            Console.Out.WriteLine($"te journal repair {dir} salvages the good frames after each bad region (keeping a backup of each segment it changes)");
            return 1;
        }));

        var repairDir = new Argument<DirectoryInfo>("DIR") { Description = "journal directory (no te run may have it open)" };
        var repair = new Command("repair", "salvage a damaged journal: back up, keep every good frame, record each hole as a gap event") { repairDir };
        repair.SetAction(result => Run("repair", () =>
        {
            var dir = Existing(result.GetValue(repairDir)!);
            var report = JournalRepair.Repair(dir);
            if (report.Damage.Count == 0)
            {
                Console.Out.WriteLine($"journal {dir}: no damage, nothing changed");
                return 0;
            }
            foreach (var damage in report.Damage)
                Console.Out.WriteLine($"{(damage.AtTail ? "cut" : "hole")}: {Describe(damage)}");
            Console.Out.WriteLine($"journal {dir}: rewrote {report.ChangedSegments.Count} segment(s) ({string.Join(", ", report.ChangedSegments.Select(Path.GetFileName))}), " +
                $"originals in {report.BackupDirectory}; {report.HolesRecorded} hole(s) recorded as gap events, {report.FramesSalvaged} frame(s) after bad ones salvaged; " +
                $"events lost: {report.LostEvents:N0}" + (report.UnknownLosses > 0 ? $" and an unknown number in {report.UnknownLosses} torn tail(s)" : ""));
            return 0;
        }));

        return new Command("journal", "check and salvage journal directories") { verify, repair };
    }

    private static string Describe(JournalDamage d) =>
        $"{Path.GetFileName(d.Segment)} frame {d.Frame} at byte {d.Offset}: {d.Reason}; events lost: " +
        (d.LostEvents < 0 ? "unknown" : $"{d.LostEvents:N0} (sequences {d.LostRange})") +
        (d.AtTail ? "; torn tail" : d.NextSequence > 0 ? $"; resumes at sequence {d.NextSequence}" : "");

    private static string Existing(DirectoryInfo dir) =>
        dir.Exists ? dir.FullName : throw new ArgumentException($"{dir.FullName}: no such journal directory");

    private static int Run(string name, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"te journal {name}: {ex.Message}");
            return 2;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// The local file queue of batches the gateway has not stored yet: one file per batch, named
    /// <c>{session}_{sequence:D12}.batch</c>, holding the complete request body (feeder, session, sequence, messages), so a
    /// replay hours later (or after a restart of the platform) sends exactly the same batch and the gateway recognises it.
    /// Sessions are named from their start time, so the ordinal order of the names is the order to send. Written to a
    /// temporary name, flushed to disk, then renamed: a crash leaves whole batches or none. Never holds the token.
    /// </summary>
    internal sealed class SpillQueue
    {
        private const string Extension = ".batch";
        private readonly string _directory;
        private readonly string _refused;
        private readonly SortedSet<string> _files = new SortedSet<string>(StringComparer.Ordinal);

        public SpillQueue(string directory)
        {
            _directory = Path.GetFullPath(directory);
            _refused = Path.Combine(_directory, "refused");
            Directory.CreateDirectory(_directory);
            foreach (var f in Directory.GetFiles(_directory, "*" + Extension))
                _files.Add(Path.GetFileName(f));
            foreach (var tmp in Directory.GetFiles(_directory, "*.tmp"))
                File.Delete(tmp); // a write that never completed: that batch is still in memory (or was never sealed)
        }

        public int Count => _files.Count;

        public static string FileName(string session, long sequence) => session + "_" + sequence.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) + Extension;

        public void Write(string session, long sequence, string body)
        {
            var name = FileName(session, sequence);
            var path = Path.Combine(_directory, name);
            var tmp = path + ".tmp";
            var bytes = Encoding.UTF8.GetBytes(body);
            using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                f.Write(bytes, 0, bytes.Length);
                f.Flush(true);
            }
            if (File.Exists(path))
                File.Delete(path);
            File.Move(tmp, path);
            _files.Add(name);
        }

        /// <summary>The oldest spilled batch, or null.</summary>
        public string PeekOldest(out string body)
        {
            body = null;
            if (_files.Count == 0)
                return null;
            var name = _files.Min;
            body = File.ReadAllText(Path.Combine(_directory, name), Encoding.UTF8);
            return name;
        }

        public void Remove(string name)
        {
            File.Delete(Path.Combine(_directory, name));
            _files.Remove(name);
        }

        /// <summary>Moves a batch the gateway refused for good to refused/, with the reason beside it: kept, not retried.</summary>
        public void Refuse(string name, string reason)
        {
            Directory.CreateDirectory(_refused);
            var target = Path.Combine(_refused, name);
            if (File.Exists(target))
                File.Delete(target);
            File.Move(Path.Combine(_directory, name), target);
            File.WriteAllText(target + ".reason", reason, Encoding.UTF8);
            _files.Remove(name);
        }

        public IReadOnlyList<string> Names => _files.ToList();
    }
}

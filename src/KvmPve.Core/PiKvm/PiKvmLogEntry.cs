using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KvmPve
{
    /// <summary>One line of the PiKVM's journal: <c>[YYYY-mm-dd HH:MM:SS unit.service] --- message</c>.</summary>
    public sealed class PiKvmLogEntry
    {
        private static readonly Regex LinePattern = new Regex(@"^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ([^\]]*)\] --- (.*)$", RegexOptions.CultureInvariant);

        /// <summary>The PiKVM's local time of the record.</summary>
        public DateTime? Time { get; set; }

        public string? Service { get; set; }

        public string Message { get; set; } = string.Empty;

        public override string ToString() => $"[{Time:yyyy-MM-dd HH:mm:ss} {Service}] {Message}";

        /// <summary>
        /// Parses a line. A line without the record prefix (a multi-line message, or kvmd's own error text) keeps
        /// the previous record's time and service, so nothing is lost and filters still work.
        /// </summary>
        public static PiKvmLogEntry Parse(string line, PiKvmLogEntry? previous)
        {
            Match match = LinePattern.Match(line);
            if (match.Success && DateTime.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime time))
            {
                return new PiKvmLogEntry { Time = time, Service = match.Groups[2].Value, Message = match.Groups[3].Value };
            }

            return new PiKvmLogEntry { Time = previous?.Time, Service = previous?.Service, Message = line };
        }
    }
}

using System;
using System.Globalization;
using KvmPve.Errors;

namespace KvmPve.Pve
{
    /// <summary>
    /// A task id: <c>UPID:node:pid:pstart:starttime:type:id:user:</c> (hex pid, pstart and start time; id may be empty;
    /// user may be user@realm!tokenid; pstart may pass 32 bits).
    /// </summary>
    internal sealed class Upid
    {
        private Upid(string text, string node, int processId, long processStart, DateTime startTime, string type, string id, string user)
        {
            Text = text;
            Node = node;
            ProcessId = processId;
            ProcessStart = processStart;
            StartTime = startTime;
            Type = type;
            Id = id;
            int bang = user.IndexOf('!');
            User = bang < 0 ? user : user.Substring(0, bang);
            TokenId = bang < 0 ? null : user.Substring(bang + 1);
        }

        public string Text { get; }

        public string Node { get; }

        public int ProcessId { get; }

        public long ProcessStart { get; }

        /// <summary>Local time.</summary>
        public DateTime StartTime { get; }

        public string Type { get; }

        public string Id { get; }

        public string User { get; }

        public string? TokenId { get; }

        public static Upid Parse(string? text)
        {
            string value = (text ?? string.Empty).Trim();
            string[] parts = value.Split(':');
            // 9 parts: "UPID", 7 fields, and the empty one after the trailing colon.
            if (parts.Length != 9 || parts[0] != "UPID" || parts[8].Length != 0 || parts[1].Length == 0 || parts[7].Length == 0
                || !int.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int pid)
                || !long.TryParse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long pstart)
                || !long.TryParse(parts[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long start))
            {
                throw KvmPveException.Invalid("PveInvalidUpid",
                    $"'{value}' is not a task id. A UPID looks like UPID:pve1:000C1A2B:0A1B2C3D:65F00000:qmstart:100:root@pam: (from Get-PveTask or a power cmdlet).");
            }

            return new Upid(value, parts[1], pid, pstart, DateTimeOffset.FromUnixTimeSeconds(start).LocalDateTime, parts[5], parts[6], parts[7]);
        }

        public override string ToString() => Text;
    }
}

using System;
using System.Globalization;
using System.Text.Json;
using KvmPve.Json;
using KvmPve.Pve;

namespace KvmPve
{
    /// <summary>A PVE task (start, shutdown, migrate, …) and, once stopped, how it ended.</summary>
    public sealed class PveTask
    {
        public string Upid { get; set; } = string.Empty;

        public string Node { get; set; } = string.Empty;

        public int ProcessId { get; set; }

        public DateTime StartTime { get; set; }

        /// <summary>qmstart, vzshutdown, hastart, …</summary>
        public string Type { get; set; } = string.Empty;

        /// <summary>What the task works on, usually the guest's VMID; empty for node tasks.</summary>
        public string Id { get; set; } = string.Empty;

        public string User { get; set; } = string.Empty;

        /// <summary>The API token that started it, when one did.</summary>
        public string? TokenId { get; set; }

        /// <summary>running or stopped.</summary>
        public string Status { get; set; } = "running";

        /// <summary>OK, WARNINGS: n, or the error; empty while running.</summary>
        public string? ExitStatus { get; set; }

        /// <summary>When it stopped, as task lists report it (PVE's status endpoint does not say).</summary>
        public DateTime? EndTime { get; set; }

        /// <summary>True for OK and for WARNINGS (success with warnings), false for an error, empty while running.</summary>
        public bool? Succeeded => ExitStatus == null ? (bool?)null : ExitStatus == "OK" || IsWarning(ExitStatus);

        /// <summary>How many warnings a WARNINGS exit status reports.</summary>
        public int Warnings => ExitStatus != null && IsWarning(ExitStatus) && int.TryParse(ExitStatus.Substring("WARNINGS:".Length).Trim(), out int n) ? n : 0;

        public bool IsRunning => Status == "running";

        /// <summary>The guest this task makes (a clone's or a new VM's VMID), when it makes one.</summary>
        public int? NewVmId { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => Upid;

        internal static bool IsWarning(string exitStatus) => exitStatus.StartsWith("WARNINGS:", StringComparison.Ordinal);

        /// <summary>For what PVE does at once, with no task of its own: a task that has already ended OK.</summary>
        internal static PveTask Done(string upid, string type, PveVm vm, PveSession session) => new PveTask
        {
            Upid = upid,
            Node = vm.Node,
            Type = type,
            Id = vm.VmId.ToString(CultureInfo.InvariantCulture),
            User = session.UserName,
            StartTime = session.Client.Clock.UtcNow.LocalDateTime,
            Status = "stopped",
            ExitStatus = "OK",
            Session = session,
        };

        internal static PveTask FromUpid(Upid upid, PveSession session) => new PveTask
        {
            Upid = upid.Text,
            Node = upid.Node,
            ProcessId = upid.ProcessId,
            StartTime = upid.StartTime,
            Type = upid.Type,
            Id = upid.Id,
            User = upid.User,
            TokenId = upid.TokenId,
            Session = session,
        };

        /// <summary>From a task list entry or a status answer: the UPID's fields, then what the answer adds.</summary>
        internal static PveTask From(JsonElement data, PveSession session)
        {
            PveTask task = FromUpid(Pve.Upid.Parse(JsonTree.String(data, "upid")), session);
            string? status = JsonTree.String(data, "status");
            bool ended = JsonTree.At(data, "endtime") != null;
            if (status != "running" && (status != null || ended))
            {
                // The status endpoint says "stopped" and puts the outcome in exitstatus; task lists put it in status.
                task.Status = "stopped";
                task.ExitStatus = JsonTree.String(data, "exitstatus") ?? (status != "stopped" ? status : null);
            }

            double? end = JsonTree.Number(data, "endtime");
            task.EndTime = end.HasValue ? DateTimeOffset.FromUnixTimeSeconds((long)end.Value).LocalDateTime : (DateTime?)null;
            return task;
        }
    }
}

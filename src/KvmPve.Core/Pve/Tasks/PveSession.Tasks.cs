using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Pve;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        /// <summary>Polls start here and grow by half each time up to the cap: quick tasks finish fast, long ones cost little.</summary>
        public static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(500);

        public static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(5);

        private const int LogTailLines = 10;

        /// <summary>A task as its UPID describes it (node, type, id, user), without asking the server; a bad UPID is refused.</summary>
        internal PveTask TaskOf(string upid) => PveTask.FromUpid(Upid.Parse(upid), this);

        internal async Task<PveTask> GetTaskAsync(string upid, CancellationToken cancellationToken)
        {
            Upid id = Upid.Parse(upid);
            EnsureOpen();
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, TaskPath(id) + "/status", null, cancellationToken).ConfigureAwait(false);
            return PveTask.From(data, this);
        }

        /// <summary>Recent tasks, running and ended, of the given nodes (every online node when none), newest first.</summary>
        internal async Task<IReadOnlyList<PveTask>> GetTasksAsync(IReadOnlyList<string>? nodes, int? vmId, bool running, int? limit, CancellationToken cancellationToken)
        {
            if (vmId is int id)
            {
                CheckIds(new[] { id });
            }

            PveNames.CheckNodes(nodes, wildcards: false);
            if (limit is int l && l < 1)
            {
                throw KvmPveException.Invalid("PveInvalidLimit", $"-Limit {l} is not valid: give 1 or more.");
            }

            EnsureOpen();
            IEnumerable<string> names = nodes is { Count: > 0 }
                ? nodes
                : await OnlineNodeNamesAsync(cancellationToken).ConfigureAwait(false);
            var parameters = new List<KeyValuePair<string, string>>();
            if (vmId is int vm)
            {
                parameters.Add(new KeyValuePair<string, string>("vmid", vm.ToString(CultureInfo.InvariantCulture)));
            }

            // PVE lists only ended tasks unless asked (source defaults to archive).
            parameters.Add(new KeyValuePair<string, string>("source", running ? "active" : "all"));

            if (limit is int max)
            {
                parameters.Add(new KeyValuePair<string, string>("limit", max.ToString(CultureInfo.InvariantCulture)));
            }

            var tasks = new List<PveTask>();
            foreach (string node in names)
            {
                JsonElement data = await Client.RequestAsync(HttpMethod.Get, NodePath(node) + "/tasks", parameters, cancellationToken).ConfigureAwait(false);
                tasks.AddRange(data.EnumerateArray().Select(t => PveTask.From(t, this)));
            }

            return tasks.OrderByDescending(t => t.StartTime).ToList();
        }

        /// <summary>
        /// The task's log lines from <paramref name="start"/> (0-based), at most <paramref name="limit"/>; all of them
        /// when no limit is given (PVE answers 50 lines by default, so the log is read page by page).
        /// </summary>
        internal async Task<IReadOnlyList<string>> GetTaskLogAsync(string upid, int start, int? limit, CancellationToken cancellationToken)
        {
            const int Page = 1000;
            Upid id = Upid.Parse(upid);
            EnsureOpen();
            var lines = new List<string>();
            while (true)
            {
                int want = limit is int l ? Math.Min(Page, l - lines.Count) : Page;
                var parameters = new[]
                {
                    new KeyValuePair<string, string>("start", (start + lines.Count).ToString(CultureInfo.InvariantCulture)),
                    new KeyValuePair<string, string>("limit", want.ToString(CultureInfo.InvariantCulture)),
                };
                JsonElement data = await Client.RequestAsync(HttpMethod.Get, TaskPath(id) + "/log", parameters, cancellationToken).ConfigureAwait(false);
                int before = lines.Count;
                lines.AddRange(data.EnumerateArray().Select(line => JsonTree.String(line, "t") ?? string.Empty));
                if (lines.Count - before < want || (limit is int max && lines.Count >= max))
                {
                    return lines;
                }
            }
        }

        /// <summary>
        /// Waits for a task to stop, polling with growing intervals (never spinning), reporting each poll. A task still running at
        /// <paramref name="timeout"/> is an OperationTimeout error (the task goes on); a failed one a
        /// <see cref="PveTaskFailedException"/> with its last log lines. WARNINGS count as success.
        /// </summary>
        internal async Task<PveTask> WaitTaskAsync(string upid, TimeSpan timeout, Action<PveTask, TimeSpan>? onPoll, CancellationToken cancellationToken)
        {
            Upid id = Upid.Parse(upid);
            DateTimeOffset started = Client.Clock.UtcNow;
            TimeSpan interval = FirstPoll;
            while (true)
            {
                PveTask task = await GetTaskAsync(id.Text, cancellationToken).ConfigureAwait(false);
                TimeSpan elapsed = Client.Clock.UtcNow - started;
                onPoll?.Invoke(task, elapsed);
                if (!task.IsRunning)
                {
                    if (task.Succeeded == false)
                    {
                        IReadOnlyList<string> tail = await LogTailAsync(id.Text, cancellationToken).ConfigureAwait(false);
                        throw new PveTaskFailedException(task, tail);
                    }

                    return task;
                }

                if (elapsed >= timeout)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PveTaskTimeout",
                        $"Task {task.Type} {task.Id} on {task.Node} is still running after {timeout.TotalSeconds} s; it goes on. Wait again with Wait-PveTask, or check it with Get-PveTask -Upid '{task.Upid}'.");
                }

                TimeSpan wait = timeout - elapsed < interval ? timeout - elapsed : interval;
                await Client.Clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(MaxPoll.Ticks, (long)(interval.Ticks * 1.5)));
            }
        }

        /// <summary>
        /// After a task has ended: asks <paramref name="outcome"/> until it is no longer <see cref="PveNotYet"/>, until
        /// <paramref name="until"/>; then an OperationTimeout whose text <paramref name="late"/> writes from what was last seen.
        /// </summary>
        internal async Task UntilOutcomeAsync(Func<CancellationToken, Task<object?>> outcome, DateTimeOffset until, Func<PveNotYet, string> late, CancellationToken cancellationToken)
        {
            while (await outcome(cancellationToken).ConfigureAwait(false) is PveNotYet notYet)
            {
                if (Client.Clock.UtcNow >= until)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PveTaskOutcomeTimeout", late(notYet));
                }

                await Client.Clock.Delay(PveTaskBatch.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        internal async Task<IReadOnlyList<string>> LogTailAsync(string upid, CancellationToken cancellationToken)
        {
            try
            {
                // The log endpoint counts from the start; ask for a generous window and keep its end.
                IReadOnlyList<string> lines = await GetTaskLogAsync(upid, 0, 5000, cancellationToken).ConfigureAwait(false);
                return lines.Skip(Math.Max(0, lines.Count - LogTailLines)).ToList();
            }
            catch (KvmPveException)
            {
                // The failure itself is what matters; a log that cannot be read is not a second error.
                return Array.Empty<string>();
            }
        }

        private static string TaskPath(Upid id) => $"/nodes/{Uri.EscapeDataString(id.Node)}/tasks/{Uri.EscapeDataString(id.Text)}";
    }
}

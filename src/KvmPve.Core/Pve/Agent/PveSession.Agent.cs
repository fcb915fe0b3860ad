using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Json;
using KvmPve.Pve;

namespace KvmPve
{
    /// <summary>What a command run by the QEMU guest agent did: a non-zero exit is data, like $LASTEXITCODE.</summary>
    public sealed class PveGuestCommandResult
    {
        public int VmId { get; set; }

        public string Node { get; set; } = string.Empty;

        public string[] Command { get; set; } = Array.Empty<string>();

        /// <summary>The exit code, when the process ended normally.</summary>
        public int? ExitCode { get; set; }

        /// <summary>What the command wrote to stdout, read as UTF-8 (an invalid byte becomes U+FFFD; <see cref="StdOutBytes"/> keeps them all).</summary>
        public string StdOut { get; set; } = string.Empty;

        public string StdErr { get; set; } = string.Empty;

        /// <summary>The bytes the command wrote to stdout, exactly.</summary>
        public byte[] StdOutBytes { get; set; } = Array.Empty<byte>();

        public byte[] StdErrBytes { get; set; } = Array.Empty<byte>();

        /// <summary>True when the command was still running at -TimeoutSec; it goes on in the guest.</summary>
        public bool TimedOut { get; set; }

        /// <summary>The signal that ended the process, when one did.</summary>
        public int? Signal { get; set; }

        /// <summary>The agent's own cut of stdout or stderr (it keeps a limited amount).</summary>
        public bool Truncated { get; set; }

        public int ProcessId { get; set; }

        public override string ToString() => StdOut;
    }

    public sealed partial class PveSession
    {
        /// <summary>PVE's limit on file-write's content (its schema's maxLength), in characters of base64.</summary>
        internal const int FileWriteLimit = 61440;

        private static readonly System.Text.RegularExpressions.Regex AgentUnavailable = new System.Text.RegularExpressions.Regex(
            "No QEMU guest agent configured|QEMU guest agent is not running|: VM [0-9]+ (is )?not running", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private static readonly TimeSpan ExecFirstPoll = TimeSpan.FromMilliseconds(100);

        private static readonly TimeSpan ExecMaxPoll = TimeSpan.FromSeconds(1);

        /// <summary>One agent ping; PVE's "not running" / "not configured" become ResourceUnavailable naming Wait-PveGuestAgent.</summary>
        internal async Task PingAgentAsync(PveVm vm, CancellationToken cancellationToken) =>
            await AgentAsync(vm, HttpMethod.Post, "ping", null, cancellationToken).ConfigureAwait(false);

        /// <summary>Pings until the agent answers, or <paramref name="timeout"/> passes (OperationTimeout with the last reason).</summary>
        internal async Task<PveVm> WaitAgentAsync(PveVm vm, TimeSpan timeout, Action<string>? note, CancellationToken cancellationToken)
        {
            DateTimeOffset until = Client.Clock.UtcNow + timeout;
            while (true)
            {
                try
                {
                    await PingAgentAsync(vm, cancellationToken).ConfigureAwait(false);
                    return vm;
                }
                catch (KvmPveException ex) when (ex.Kind == ErrorKind.ResourceUnavailable)
                {
                    if (Client.Clock.UtcNow >= until)
                    {
                        throw new KvmPveException(ErrorKind.OperationTimeout, "PveGuestAgentTimeout",
                            $"The guest agent of {vm} did not answer within {timeout.TotalSeconds} s. Last answer: {ex.Message}");
                    }

                    note?.Invoke($"The guest agent of {vm} does not answer yet; asking again in 1 s.");
                    await Client.Clock.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Runs a command in the guest (agent/exec: program and arguments as one array, each passed exactly as
        /// given) and polls exec-status until it exited, or <paramref name="timeout"/> passes (then TimedOut).
        /// </summary>
        internal async Task<PveGuestCommandResult> ExecAsync(PveVm vm, IReadOnlyList<string> command, string? input, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (command.Count == 0 || string.IsNullOrEmpty(command[0]))
            {
                throw KvmPveException.Invalid("PveInvalidCommand", "-Command needs the program to run, then its arguments, one per item.");
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (string part in command)
            {
                pairs.Add(Pair("command", part));
            }

            // PVE base64-encodes input-data as a byte string: the text's UTF-8 bytes, one character each.
            AddIf(pairs, "input-data", input == null ? null : PerlBytes.ForGuest(input));
            JsonElement started = await AgentAsync(vm, HttpMethod.Post, "exec", pairs, cancellationToken).ConfigureAwait(false);
            int pid = (int)(JsonTree.Number(started, "pid") ?? throw new KvmPveException(ErrorKind.InvalidResult, "PveInvalidResponse", $"The guest agent of {vm} started no process."));
            var result = new PveGuestCommandResult { VmId = vm.VmId, Node = vm.Node, Command = new List<string>(command).ToArray(), ProcessId = pid };
            DateTimeOffset until = Client.Clock.UtcNow + timeout;
            TimeSpan interval = ExecFirstPoll;
            var status = new[] { Pair("pid", pid.ToString(CultureInfo.InvariantCulture)) };
            while (true)
            {
                JsonElement now = await AgentAsync(vm, HttpMethod.Get, "exec-status", status, cancellationToken).ConfigureAwait(false);
                if (JsonTree.Flag(now, "exited") == true)
                {
                    result.ExitCode = (int?)JsonTree.Number(now, "exitcode");
                    result.Signal = (int?)JsonTree.Number(now, "signal");
                    // PVE decodes the agent's base64 and sends the bytes as characters U+0000-U+00FF.
                    result.StdOutBytes = PerlBytes.ToBytes(JsonTree.String(now, "out-data") ?? string.Empty);
                    result.StdErrBytes = PerlBytes.ToBytes(JsonTree.String(now, "err-data") ?? string.Empty);
                    result.StdOut = PerlBytes.Text(result.StdOutBytes);
                    result.StdErr = PerlBytes.Text(result.StdErrBytes);
                    result.Truncated = JsonTree.Flag(now, "out-truncated") == true || JsonTree.Flag(now, "err-truncated") == true;
                    return result;
                }

                if (Client.Clock.UtcNow >= until)
                {
                    result.TimedOut = true;
                    return result;
                }

                TimeSpan left = until - Client.Clock.UtcNow;
                await Client.Clock.Delay(left < interval ? left : interval, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(ExecMaxPoll.Ticks, interval.Ticks * 2));
            }
        }

        /// <summary>
        /// A file's bytes from the guest. The content comes base64-encoded (decode=0), so any bytes survive; PVE's
        /// size limit (16 MiB) is an error, never a silently shorter file.
        /// </summary>
        internal async Task<byte[]> ReadGuestFileAsync(PveVm vm, string guestPath, CancellationToken cancellationToken)
        {
            CheckGuestPath(guestPath);
            JsonElement data = await AgentAsync(vm, HttpMethod.Get, "file-read", new[] { Pair("file", guestPath), Pair("decode", "0") }, cancellationToken).ConfigureAwait(false);
            if (JsonTree.Flag(data, "truncated") == true)
            {
                throw new KvmPveException(ErrorKind.InvalidOperation, "PveGuestFileTooLarge",
                    $"{guestPath} in {vm} is larger than PVE's guest-agent read limit (16 MiB); nothing was written. Copy it another way (scp, a shared folder).");
            }

            return Convert.FromBase64String(JsonTree.String(data, "content") ?? string.Empty);
        }

        /// <summary>Writes bytes to a file in the guest, base64-encoded once here (encode=0), within PVE's size limit.</summary>
        internal async Task WriteGuestFileAsync(PveVm vm, string guestPath, byte[] content, CancellationToken cancellationToken)
        {
            CheckGuestPath(guestPath);
            string encoded = Convert.ToBase64String(content);
            if (encoded.Length > FileWriteLimit)
            {
                throw KvmPveException.Invalid("PveGuestFileTooLarge",
                    $"{content.Length} bytes are more than PVE's guest-agent write takes ({FileWriteLimit / 4 * 3} bytes at most); nothing was written. Copy it another way (scp, a shared folder).");
            }

            await AgentAsync(vm, HttpMethod.Post, "file-write", new[] { Pair("file", guestPath), Pair("content", encoded), Pair("encode", "0") }, cancellationToken).ConfigureAwait(false);
        }

        private static void CheckGuestPath(string guestPath)
        {
            if (string.IsNullOrEmpty(guestPath) || guestPath.IndexOf('\0') >= 0)
            {
                throw KvmPveException.Invalid("PveInvalidGuestPath", $"'{guestPath}' is not a path in the guest.");
            }
        }

        private async Task<JsonElement> AgentAsync(PveVm vm, HttpMethod method, string command, IReadOnlyList<KeyValuePair<string, string>>? pairs, CancellationToken cancellationToken)
        {
            if (vm.Type != PveGuestType.Qemu)
            {
                throw KvmPveException.Invalid("PveGuestAgentNotSupported", $"{vm} is a container: the guest agent is a VM's. Use pct exec on the node for containers.");
            }

            EnsureOpen();
            try
            {
                return await Client.RequestAsync(method, GuestPath(vm.Node, vm.Type, vm.VmId) + "/agent/" + command, pairs, cancellationToken).ConfigureAwait(false);
            }
            catch (KvmPveException ex) when (ex.StatusCode == 500 && AgentUnavailable.IsMatch(ex.Message))
            {
                // PVE: "No QEMU guest agent configured", "QEMU guest agent is not running", "VM 100 is not running"; a
                // command the agent ran and refused ("qga command 'guest-exec' failed - ...") is that command's error.
                throw new KvmPveException(ErrorKind.ResourceUnavailable, "PveGuestAgentUnavailable",
                    $"{ex.Message.TrimEnd('.')}. Wait-PveGuestAgent waits until the agent answers (after a boot); the VM needs agent: 1 in its configuration and qemu-guest-agent running inside.", ex.StatusCode);
            }
        }
    }
}

using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>
    /// A PiKVM cmdlet that works on many devices at once: the sessions of <c>-Session a,b,c</c> (or piped in) run side
    /// by side, at most <see cref="ThrottleLimit"/> at a time. Each result names its device (Server and Session
    /// properties, so it pipes on to the same device); each device's failure is that device's error.
    /// </summary>
    public abstract class PiKvmFleetCmdlet : PiKvmCmdlet
    {
        private static readonly ConcurrentDictionary<Type, bool> OnlySessionFromPipeline = new ConcurrentDictionary<Type, bool>();
        private readonly List<PiKvmSession> _piped = new List<PiKvmSession>();
        private Func<PiKvmSession, bool>? _approve;
        private Func<PiKvmSession, CancellationToken, Task<object?>>? _work;
        private object? _target;

        /// <summary>How many devices this call works on (known once it runs: sessions piped in are gathered first).</summary>
        protected int Devices { get; private set; }

        /// <summary>How many devices are worked on at the same time.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 64;

        /// <summary>
        /// Runs <paramref name="work"/> on every session, those <paramref name="approve"/> (ShouldProcess, on the
        /// pipeline thread) lets through, side by side. Sessions piped in one by one are gathered and run together at
        /// the end, unless the cmdlet takes other pipeline input (then each record runs as it comes).
        /// </summary>
        protected void OnEachDevice(Func<PiKvmSession, bool> approve, Func<PiKvmSession, CancellationToken, Task<object?>> work, object? errorTarget = null)
        {
            IReadOnlyList<PiKvmSession> sessions = ResolveSessions();
            if (MyInvocation.ExpectingInput && OnlySessionFromPipeline.GetOrAdd(GetType(), TakesOnlySessionFromPipeline))
            {
                _piped.AddRange(sessions);
                (_approve, _work, _target) = (approve, work, errorTarget);
                return;
            }

            RunOn(sessions, approve, work, errorTarget);
        }

        protected override void EndProcessing()
        {
            if (_work != null)
            {
                RunOn(_piped, _approve!, _work, _target);
            }
        }

        private void RunOn(IReadOnlyList<PiKvmSession> sessions, Func<PiKvmSession, bool> approve, Func<PiKvmSession, CancellationToken, Task<object?>> work, object? errorTarget)
        {
            Devices = sessions.Distinct().Count();
            List<PiKvmSession> approved = sessions.Distinct().Where(approve).ToList();
            bool many = approved.Count > 1;
            var progress = new ProgressRecord(KvmPveCmdlet.NextProgressId(), $"{MyInvocation.MyCommand.Name} on {approved.Count} PiKVMs", "starting");
            int ended = 0;
            using var gate = new SemaphoreSlim(ThrottleLimit);
            try
            {
                Run(token => Task.WhenAll(approved.Select(session => OneAsync(session, token))));
            }
            finally
            {
                if (many)
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                }
            }

            async Task OneAsync(PiKvmSession session, CancellationToken token)
            {
                await gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    object? result = await work(session, token).ConfigureAwait(false);
                    Post(() => WriteResult(session, result));
                }
                catch (KvmPveException ex)
                {
                    Post(() => WriteDeviceError(ex, session, errorTarget, many));
                }
                finally
                {
                    gate.Release();
                    if (many)
                    {
                        int done = Interlocked.Increment(ref ended);
                        Post(() =>
                        {
                            progress.StatusDescription = $"{done} of {approved.Count} answered";
                            progress.PercentComplete = 100 * done / approved.Count;
                            WriteProgress(progress);
                        });
                    }
                }
            }
        }

        private void WriteResult(PiKvmSession session, object? result)
        {
            if (result is IEnumerable items && !(result is string))
            {
                foreach (object item in items)
                {
                    WriteObject(Tag(item, session));
                }
            }
            else if (result != null)
            {
                WriteObject(Tag(result, session));
            }
        }

        private void WriteDeviceError(KvmPveException exception, PiKvmSession session, object? target, bool many)
        {
            ErrorRecord record = ErrorRecords.From(exception, target ?? session);
            if (many)
            {
                // Among many devices the message names which one failed.
                record.ErrorDetails = new ErrorDetails($"{session.Server.Authority}: {exception.Message}");
            }

            WriteError(record);
        }

        /// <summary>Names the device on a result: Server to read, Session so the object pipes on to the same PiKVM.</summary>
        private static object Tag(object item, PiKvmSession session)
        {
            if (item is string || item.GetType().IsPrimitive)
            {
                return item;
            }

            PSObject tagged = PSObject.AsPSObject(item);
            if (tagged.Properties["Server"] == null)
            {
                tagged.Properties.Add(new PSNoteProperty("Server", session.Server.Authority));
            }

            if (tagged.Properties["Session"] == null)
            {
                tagged.Properties.Add(new PSNoteProperty("Session", session));
            }

            return tagged;
        }

        private static bool TakesOnlySessionFromPipeline(Type cmdlet) =>
            cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.Name != nameof(Session))
                .SelectMany(p => p.GetCustomAttributes<ParameterAttribute>())
                .All(a => !a.ValueFromPipeline && !a.ValueFromPipelineByPropertyName);
    }
}

using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>The ATX cmdlets: the PiKVM's own ATX, or with -Port that of a PiKVM Switch port, checked on each device first.</summary>
    public abstract class PiKvmAtxCmdlet : PiKvmFleetCmdlet
    {
        private readonly ConcurrentDictionary<PiKvmSession, PiKvmSwitchPort> _ports = new ConcurrentDictionary<PiKvmSession, PiKvmSwitchPort>();

        /// <summary>A PiKVM Switch port (its id such as 2 or 1.3, its number, or its name) instead of the PiKVM's own ATX.</summary>
        [Parameter]
        public string? Port { get; set; }

        /// <summary>
        /// Whether the device has the port (always, without -Port); the port found is kept for <see cref="PortOf"/>.
        /// A port the Switch does not have is that device's error, and nothing is sent there.
        /// </summary>
        protected bool KnownPort(PiKvmSession session)
        {
            if (Port == null)
            {
                return true;
            }

            try
            {
                _ports[session] = Run(token => session.GetSwitchPortAsync(Port, token));
                return true;
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Port);
                return false;
            }
        }

        protected PiKvmSwitchPort? PortOf(PiKvmSession session) => Port == null ? null : _ports[session];

        /// <summary>What ShouldProcess names: the machine behind the PiKVM, or the one on the Switch port.</summary>
        protected string Machine(PiKvmSession session) => PortOf(session) is PiKvmSwitchPort port
            ? $"the machine on Switch port {port.Id}{(port.Name.Length > 0 ? $" ({port.Name})" : string.Empty)} of {session.Server}"
            : $"the machine behind {session.Server}";

        /// <summary>The ATX state after the action: of the port, or of the PiKVM.</summary>
        protected async Task<object?> StateAfterAsync(PiKvmSession session, CancellationToken token) => PortOf(session) is PiKvmSwitchPort port
            ? await session.GetSwitchAtxAsync(port.Id, token).ConfigureAwait(false)
            : await session.GetAtxAsync(token).ConfigureAwait(false);
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Waits until guests have a usable address (never loopback or link-local, of the family and in the subnet asked
    /// for) and writes each with it as it comes. Guests from the pipeline wait side by side, each with its own
    /// timeout: 20 guests take about as long as the slowest, not the sum.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "PveGuestIp", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveGuestIp))]
    public sealed class WaitPveGuestIpCommand : PveNamedGuestCmdlet
    {
        private readonly List<PveVm> _guests = new List<PveVm>();
        private PveSession? _session;
        private PveGuestIpFilter _filter = new PveGuestIpFilter();

        [Parameter]
        [ValidateSet("IPv4", "IPv6", "Any")]
        public string AddressFamily { get; set; } = "Any";

        /// <summary>Only an address in this network (CIDR, such as 10.0.0.0/8) counts.</summary>
        [Parameter]
        public string? Subnet { get; set; }

        /// <summary>How long each guest may take (from when the wait began); one that takes longer is an OperationTimeout error naming what was last seen.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 300;

        protected override void BeginProcessing() =>
            CheckFirst(() => _filter = new PveGuestIpFilter { AddressFamily = AddressFamily == "Any" ? null : AddressFamily, Subnet = Subnet == null ? null : PveSubnet.Parse(Subnet) }, Subnet);

        protected override void ProcessRecord()
        {
            _session ??= ResolveSession();
            _guests.AddRange(Guests(_session));
        }

        protected override void EndProcessing()
        {
            if (_session == null || _guests.Count == 0)
            {
                return;
            }

            PveSession session = _session;
            try
            {
                Run(token => session.WaitGuestIpsAsync(_guests, _filter, TimeSpan.FromSeconds(TimeoutSec), found => Emit(found), (vm, ex) => Post(() => WriteError(ex, vm)), token));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, _guests);
            }
        }
    }
}

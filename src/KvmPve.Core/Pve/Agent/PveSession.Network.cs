using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>What Wait-PveGuestIp accepts as a guest's address.</summary>
    public sealed class PveGuestIpFilter
    {
        /// <summary>IPv4, IPv6, or null for either.</summary>
        public string? AddressFamily { get; set; }

        /// <summary>Only addresses inside this network (CIDR), when given.</summary>
        public PveSubnet? Subnet { get; set; }

        /// <summary>The first address that is not loopback or link-local, is of the family and in the subnet.</summary>
        internal PveGuestAddress? Pick(IEnumerable<PveGuestInterface> interfaces, out PveGuestInterface? on)
        {
            foreach (PveGuestInterface candidate in interfaces)
            {
                PveGuestAddress? address = candidate.Addresses.FirstOrDefault(a => !a.IsLocal && (AddressFamily == null || a.Family == AddressFamily) && (Subnet == null || Subnet.Contains(a.Address)));
                if (address != null)
                {
                    on = candidate;
                    return address;
                }
            }

            on = null;
            return null;
        }
    }

    /// <summary>
    /// A network in CIDR notation (10.0.0.0/8, 2001:db8::/32). Written here because netstandard2.0 has no IPNetwork
    /// (it came with .NET 8).
    /// </summary>
    public sealed class PveSubnet
    {
        private readonly byte[] _network;

        private PveSubnet(byte[] network, int bits, string text)
        {
            _network = network;
            Bits = bits;
            Text = text;
        }

        public int Bits { get; }

        public string Text { get; }

        public static PveSubnet Parse(string cidr)
        {
            string[] parts = (cidr ?? string.Empty).Trim().Split('/');
            if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out IPAddress? address) || !int.TryParse(parts[1], out int bits)
                || bits < 0 || bits > (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32))
            {
                throw KvmPveException.Invalid("PveInvalidSubnet", $"'{cidr}' is not a network in CIDR notation, such as 10.0.0.0/8 or 2001:db8::/32.");
            }

            return new PveSubnet(address.GetAddressBytes(), bits, cidr!.Trim());
        }

        public bool Contains(IPAddress address)
        {
            byte[] bytes = address.GetAddressBytes();
            if (bytes.Length != _network.Length)
            {
                return false;
            }

            for (int bit = 0; bit < Bits; bit++)
            {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (_network[bit / 8] & mask))
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => Text;
    }

    public sealed partial class PveSession
    {
        /// <summary>A guest's interfaces: a VM's from its agent (network-get-interfaces), a container's from PVE (.../interfaces).</summary>
        internal async Task<IReadOnlyList<PveGuestInterface>> GetGuestNetworkAsync(PveVm vm, CancellationToken cancellationToken)
        {
            JsonElement data = vm.Type == PveGuestType.Lxc
                ? await Client.RequestAsync(HttpMethod.Get, GuestPath(vm.Node, vm.Type, vm.VmId) + "/interfaces", null, cancellationToken).ConfigureAwait(false)
                : await AgentAsync(vm, HttpMethod.Get, "network-get-interfaces", null, cancellationToken).ConfigureAwait(false);
            return PveGuestInterface.From(data, vm);
        }

        /// <summary>
        /// Waits for each guest's first usable address, all side by side: one round a second over the guests still
        /// waiting, each written as its address comes, each with its own <paramref name="timeout"/> (OperationTimeout
        /// naming the last thing seen). A guest whose agent does not answer yet is asked again next round.
        /// </summary>
        internal async Task WaitGuestIpsAsync(IReadOnlyList<PveVm> guests, PveGuestIpFilter filter, TimeSpan timeout, Action<PveGuestIp> found, Action<PveVm, KvmPveException> failed, CancellationToken cancellationToken)
        {
            DateTimeOffset start = Client.Clock.UtcNow;
            var waiting = guests.ToDictionary(g => g, _ => "nothing yet");
            while (waiting.Count > 0)
            {
                foreach (PveVm vm in waiting.Keys.ToList())
                {
                    try
                    {
                        IReadOnlyList<PveGuestInterface> interfaces = await GetGuestNetworkAsync(vm, cancellationToken).ConfigureAwait(false);
                        if (filter.Pick(interfaces, out PveGuestInterface? on) is PveGuestAddress address)
                        {
                            waiting.Remove(vm);
                            found(new PveGuestIp
                            {
                                VmId = vm.VmId, Name = vm.Name, Node = vm.Node, Type = vm.Type, IPAddress = address.Address, Interface = on!.Name, MacAddress = on.MacAddress,
                                Elapsed = Client.Clock.UtcNow - start, Session = this,
                            });
                            continue;
                        }

                        string all = string.Join("; ", interfaces.Where(i => i.Addresses.Length > 0).Select(i => i.ToString()));
                        waiting[vm] = all.Length == 0 ? "no addresses" : "only " + all;
                    }
                    catch (KvmPveException ex) when (ex.Kind == ErrorKind.ResourceUnavailable || ex.Kind == ErrorKind.InvalidOperation || ex.StatusCode == 500)
                    {
                        waiting[vm] = ex.Message;
                    }

                    if (Client.Clock.UtcNow - start >= timeout)
                    {
                        failed(vm, new KvmPveException(ErrorKind.OperationTimeout, "PveGuestIpTimeout",
                            $"{vm} had no usable address{Wanted(filter)} within {timeout.TotalSeconds} s. Last seen: {waiting[vm]}"));
                        waiting.Remove(vm);
                    }
                }

                if (waiting.Count > 0)
                {
                    await Client.Clock.Delay(PveTaskBatch.PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static string Wanted(PveGuestIpFilter filter) =>
            (filter.AddressFamily == null ? string.Empty : " (" + filter.AddressFamily + ")") + (filter.Subnet == null ? string.Empty : " in " + filter.Subnet);
    }
}

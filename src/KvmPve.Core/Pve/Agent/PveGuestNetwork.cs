using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>A network interface inside a guest, as its agent (qemu) or PVE (lxc) reports it.</summary>
    public sealed class PveGuestInterface
    {
        public int VmId { get; set; }

        public string Node { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string? MacAddress { get; set; }

        public PveGuestAddress[] Addresses { get; set; } = Array.Empty<PveGuestAddress>();

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Name} {string.Join(", ", Addresses.Select(a => a.ToString()))}";

        /// <summary>qemu's agent (network-get-interfaces: {result: [...]}) and lxc (GET .../interfaces) both give ip-addresses; lxc also inet/inet6.</summary>
        internal static List<PveGuestInterface> From(JsonElement data, PveVm vm)
        {
            JsonElement list = data.ValueKind == JsonValueKind.Object && JsonTree.At(data, "result") is JsonElement result ? result : data;
            var interfaces = new List<PveGuestInterface>();
            if (list.ValueKind != JsonValueKind.Array)
            {
                return interfaces;
            }

            foreach (JsonElement item in list.EnumerateArray())
            {
                var addresses = new List<PveGuestAddress>();
                if (JsonTree.At(item, "ip-addresses") is JsonElement ips && ips.ValueKind == JsonValueKind.Array)
                {
                    addresses.AddRange(ips.EnumerateArray().Select(ip => PveGuestAddress.Parse(JsonTree.String(ip, "ip-address"), JsonTree.Number(ip, "prefix"))).Where(a => a != null)!);
                }

                foreach (string key in new[] { "inet", "inet6" })
                {
                    if (JsonTree.String(item, key) is string cidr && PveGuestAddress.Parse(cidr, null) is PveGuestAddress parsed && !addresses.Any(a => a.Address.Equals(parsed.Address)))
                    {
                        addresses.Add(parsed);
                    }
                }

                interfaces.Add(new PveGuestInterface
                {
                    VmId = vm.VmId,
                    Node = vm.Node,
                    Name = JsonTree.String(item, "name") ?? string.Empty,
                    MacAddress = (JsonTree.String(item, "hardware-address") ?? JsonTree.String(item, "hwaddr"))?.ToUpperInvariant(),
                    Addresses = addresses.ToArray(),
                    Session = vm.Session,
                });
            }

            return interfaces;
        }
    }

    /// <summary>An address of a guest's interface.</summary>
    public sealed class PveGuestAddress
    {
        public IPAddress Address { get; set; } = IPAddress.None;

        public int? Prefix { get; set; }

        /// <summary>IPv4 or IPv6.</summary>
        public string Family => Address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

        /// <summary>Loopback, link-local (169.254/16, fe80::/10) or unspecified: never a guest's reachable address.</summary>
        public bool IsLocal =>
            IPAddress.IsLoopback(Address) || Address.IsIPv6LinkLocal || Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any)
            || (Address.AddressFamily == AddressFamily.InterNetwork && Address.GetAddressBytes()[0] == 169 && Address.GetAddressBytes()[1] == 254);

        public override string ToString() => Prefix is int p ? $"{Address}/{p}" : Address.ToString();

        internal static PveGuestAddress? Parse(string? text, double? prefix)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            string[] parts = text!.Split('/');
            int? bits = prefix is double d ? (int)d : parts.Length > 1 && int.TryParse(parts[1], out int p) ? p : (int?)null;
            return IPAddress.TryParse(parts[0].Split('%')[0], out IPAddress? address) ? new PveGuestAddress { Address = address, Prefix = bits } : null;
        }
    }

    /// <summary>A guest with the first address it can be reached at (Wait-PveGuestIp).</summary>
    public sealed class PveGuestIp
    {
        public int VmId { get; set; }

        public string? Name { get; set; }

        public string Node { get; set; } = string.Empty;

        public PveGuestType Type { get; set; }

        public IPAddress IPAddress { get; set; } = IPAddress.None;

        public string Interface { get; set; } = string.Empty;

        public string? MacAddress { get; set; }

        /// <summary>How long the wait for this guest took.</summary>
        public TimeSpan Elapsed { get; set; }

        public PveSession? Session { get; set; }

        public override string ToString() => $"{Name ?? VmId.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {IPAddress}";
    }
}

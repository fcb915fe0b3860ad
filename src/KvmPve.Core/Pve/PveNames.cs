using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KvmPve.Errors;

namespace KvmPve.Pve
{
    /// <summary>Names PVE checks by format, checked here first so a bad one is an argument error before any request.</summary>
    internal static class PveNames
    {
        // PVE's pve-node format (PVE::JSONSchema::pve_verify_node_name): a DNS label.
        private static readonly Regex NodeName = new Regex("^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);

        // The same letters, plus PowerShell's wildcard characters, where a filter takes wildcards.
        private static readonly Regex NodePattern = new Regex("^(?!-)[a-zA-Z0-9*?\\[\\]-]+(?<!-)$", RegexOptions.CultureInvariant);

        // PVE's dns-name format (PVE::JSONSchema's DNS_NAME): labels of letters, digits and '-', joined by dots.
        private static readonly Regex DnsName = new Regex("^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\\.)*[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);

        /// <summary>A guest's name (a VM's name, a container's hostname): PVE takes a DNS name.</summary>
        public static void CheckGuestName(string? name, string parameter)
        {
            if (name != null && (name.Length > 253 || !DnsName.IsMatch(name)))
            {
                throw KvmPveException.Invalid("PveInvalidGuestName",
                    $"'{name}' in {parameter} is not a valid guest name: PVE takes a DNS name (letters, digits and '-', not at either end of a label; labels joined by '.').");
            }
        }

        // PVE's pve-storage-id format.
        private static readonly Regex StorageId = new Regex("^[a-zA-Z][a-zA-Z0-9._-]*[a-zA-Z0-9]$", RegexOptions.CultureInvariant);

        /// <summary>An ACL path as PVE writes them: /, /vms/100, /storage/local, /pool/web, ...</summary>
        public static void CheckAclPath(string? path)
        {
            if (string.IsNullOrEmpty(path) || path![0] != '/' || path.Contains("..") || path.Any(char.IsWhiteSpace))
            {
                throw KvmPveException.Invalid("PveInvalidAclPath", $"'{path}' is not an ACL path. PVE's paths start with '/': /, /vms/100, /storage/local, /pool/web, /nodes/pve1, /access.");
            }
        }

        public static void CheckStorage(string? storage)
        {
            if (storage == null || !StorageId.IsMatch(storage))
            {
                throw KvmPveException.Invalid("PveInvalidStorageName",
                    $"'{storage}' is not a PVE storage id: a letter first, then letters, digits, '-', '_' and '.', not ending in '-', '_' or '.'.");
            }
        }

        public static void CheckNodes(IEnumerable<string>? names, bool wildcards)
        {
            foreach (string name in names ?? Enumerable.Empty<string>())
            {
                if (!(wildcards ? NodePattern : NodeName).IsMatch(name ?? string.Empty))
                {
                    throw KvmPveException.Invalid("PveInvalidNodeName",
                        $"'{name}' is not a PVE node name: node names are DNS labels (letters, digits and '-', not at either end){(wildcards ? ", with wildcards * ? [ ] allowed" : string.Empty)}.");
                }
            }
        }
    }
}

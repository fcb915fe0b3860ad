using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Pve;
using KvmPve.Transport;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        /// <summary>
        /// The configuration the guest runs with now (GET .../config?current=1: without current, PVE answers with the
        /// pending values applied); with <paramref name="pending"/> the one the next start brings, from GET .../pending,
        /// with what is pending listed apart.
        /// </summary>
        internal async Task<PveVmConfig> GetConfigAsync(PveVm vm, bool pending, CancellationToken cancellationToken)
        {
            EnsureOpen();
            string path = GuestPath(vm.Node, vm.Type, vm.VmId) + (pending ? "/pending" : "/config");
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, path, pending ? null : new[] { Pair("current", "1") }, cancellationToken).ConfigureAwait(false);
            return pending ? PveVmConfig.FromPending(data, vm) : PveVmConfig.FromConfig(data, vm);
        }

        /// <summary>
        /// Sets and deletes configuration keys in one synchronous PUT. Every key is checked against PVE's schema for
        /// the guest's type first. With <paramref name="digest"/>, a configuration someone changed since it was read is
        /// refused by PVE and reported as ResourceBusy: nothing is overwritten.
        /// </summary>
        internal async Task SetConfigAsync(PveVm vm, IDictionary? values, IReadOnlyList<string>? delete, string? digest, CancellationToken cancellationToken)
        {
            List<KeyValuePair<string, string>> pairs = ConfigPairs(vm.Type, values, delete);
            if (pairs.Count == 0)
            {
                throw KvmPveException.Invalid("PveNoConfigChange", $"Nothing to change on {vm}: give keys in -Parameter or -Delete.");
            }

            if (!string.IsNullOrEmpty(digest))
            {
                pairs.Add(Pair("digest", digest!));
            }

            await PutConfigAsync(vm, pairs, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The checked pairs of a configuration change: schema keys only, booleans as 1/0, deletes comma-joined.</summary>
        internal static List<KeyValuePair<string, string>> ConfigPairs(PveGuestType type, IDictionary? values, IReadOnlyList<string>? delete)
        {
            IReadOnlyCollection<string> schema = type == PveGuestType.Lxc ? PveConfigKeys.LxcConfig : PveConfigKeys.QemuConfig;
            string what = type == PveGuestType.Lxc ? "a container's configuration" : "a VM's configuration";
            List<KeyValuePair<string, string>> pairs = QueryString.Pairs(values, listsAsRepeatedKeys: false);
            PveKeyCheck.Check(pairs.Select(p => p.Key), schema, what, "-Parameter");
            if (delete is { Count: > 0 })
            {
                PveKeyCheck.Check(delete, schema, what, "-Delete");
                string? both = delete.FirstOrDefault(d => pairs.Any(p => p.Key == d));
                if (both != null)
                {
                    throw KvmPveException.Invalid("PveInvalidConfigKey", $"'{both}' is both set in -Parameter and deleted in -Delete: give it in one of them.");
                }

                pairs.Add(Pair("delete", string.Join(",", delete)));
            }

            return pairs;
        }

        /// <summary>
        /// PVE's two answers to a stale digest: qemu-server's update_vm_api dies with "checksum mismatch (file change by
        /// other user?)", pve-container (PVE::Tools::assert_if_modified) with "detected modified configuration - file
        /// changed by other user? Try again.".
        /// </summary>
        internal static bool IsStaleDigest(string message) =>
            message.IndexOf("detected modified configuration", StringComparison.Ordinal) >= 0 || message.IndexOf("checksum mismatch (file change by other user", StringComparison.Ordinal) >= 0;

        private async Task PutConfigAsync(PveVm vm, IReadOnlyList<KeyValuePair<string, string>> pairs, CancellationToken cancellationToken)
        {
            EnsureOpen();
            try
            {
                await Client.RequestAsync(HttpMethod.Put, GuestPath(vm.Node, vm.Type, vm.VmId) + "/config", pairs, cancellationToken).ConfigureAwait(false);
            }
            catch (KvmPveException ex) when (IsStaleDigest(ex.Message))
            {
                throw new KvmPveException(ErrorKind.ResourceBusy, "PveConfigChanged",
                    $"The configuration of {vm} was changed by someone else since it was read (its digest no longer matches); nothing was changed. Read it again with Get-PveVmConfig and repeat the change.",
                    ex.StatusCode, inner: ex);
            }
        }
    }
}

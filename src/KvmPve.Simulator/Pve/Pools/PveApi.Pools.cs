using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// Resource pools as PVE 9.1 serves them (pve-access-control PVE/API2/Pool.pm): GET /pools (and ?poolid= with the
/// members as cluster resources), POST, PUT (vms, storage, delete, allow-move) and DELETE of an empty pool, with
/// PVE's error texts.
/// </summary>
public sealed partial class PveApi
{
    /// <summary>Pool → comment; the guests' Pool property and <see cref="PoolStorages"/> hold the members.</summary>
    public ConcurrentDictionary<string, string> Pools { get; } = new(StringComparer.Ordinal) { ["databases"] = "Database servers" };

    /// <summary>Pool → storages in it.</summary>
    public ConcurrentDictionary<string, HashSet<string>> PoolStorages { get; } = new(StringComparer.Ordinal);

    private void MapPools()
    {
        Handle("GET", "/pools", PoolList);
        Handle("POST", "/pools", r =>
        {
            string pool = r.Get("poolid")!;
            return Pools.TryAdd(pool, r.Get("comment") ?? string.Empty)
                ? PveResponse.Data(r.Context, null)
                : PveResponse.Error(r.Context, 500, $"create pool failed: pool '{pool}' already exists");
        });
        Handle("PUT", "/pools", PoolUpdate);
        Handle("DELETE", "/pools", r =>
        {
            string pool = r.Get("poolid")!;
            if (!Pools.ContainsKey(pool))
            {
                return PveResponse.Error(r.Context, 500, $"delete pool failed: pool '{pool}' does not exist");
            }

            if (Cluster.Guests.Any(g => g.Pool == pool) || (PoolStorages.TryGetValue(pool, out HashSet<string>? s) && s.Count > 0))
            {
                return PveResponse.Error(r.Context, 500, $"delete pool failed: pool '{pool}' is not empty");
            }

            Pools.TryRemove(pool, out _);
            return PveResponse.Data(r.Context, null);
        });
    }

    private Task PoolList(PveRequest request)
    {
        if (request.Get("poolid") is not string pool)
        {
            return PveResponse.Data(request.Context, new JsonArray(Pools.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (JsonNode)new JsonObject { ["poolid"] = p.Key, ["comment"] = p.Value }).ToArray()));
        }

        if (!Pools.TryGetValue(pool, out string? comment))
        {
            return PveResponse.Error(request.Context, 500, $"pool '{pool}' does not exist");
        }

        var members = new JsonArray();
        foreach (SimGuest guest in Cluster.Guests.Where(g => g.Pool == pool))
        {
            members.Add(guest.ToResource());
        }

        foreach (string storage in PoolStorages.TryGetValue(pool, out HashSet<string>? storages) ? storages.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
        {
            foreach (string node in PveCluster.Nodes.Where(n => Cluster.Storage(n, storage) != null))
            {
                members.Add(new JsonObject { ["id"] = $"storage/{node}/{storage}", ["type"] = "storage", ["node"] = node, ["storage"] = storage, ["status"] = "available" });
            }
        }

        return PveResponse.Data(request.Context, new JsonArray(new JsonObject { ["poolid"] = pool, ["comment"] = comment, ["members"] = members }));
    }

    private Task PoolUpdate(PveRequest request)
    {
        string pool = request.Get("poolid")!;
        if (!Pools.ContainsKey(pool))
        {
            return PveResponse.Error(request.Context, 500, $"update pools failed: pool '{pool}' does not exist");
        }

        bool remove = request.Get("delete") == "1";
        bool move = request.Get("allow-move") == "1";
        var guests = new List<SimGuest>();
        foreach (string id in (request.Get("vms") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            SimGuest? guest = Cluster.Guest(int.Parse(id, CultureInfo.InvariantCulture));
            if (guest == null)
            {
                return PveResponse.Error(request.Context, 500, $"update pools failed: no such VMID '{id}'");
            }

            if (!remove && guest.Pool != null && guest.Pool != pool && !move)
            {
                return PveResponse.Error(request.Context, 500, $"update pools failed: VM {id} belongs already to pool '{guest.Pool}' and 'allow-move' is not set");
            }

            guests.Add(guest);
        }

        foreach (SimGuest guest in guests)
        {
            guest.Pool = remove ? (guest.Pool == pool ? null : guest.Pool) : pool;
        }

        HashSet<string> storages = PoolStorages.GetOrAdd(pool, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (string storage in (request.Get("storage") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            lock (storages)
            {
                _ = remove ? storages.Remove(storage) : storages.Add(storage);
            }
        }

        if (request.Get("comment") is string comment)
        {
            Pools[pool] = comment;
        }

        return PveResponse.Data(request.Context, null);
    }
}

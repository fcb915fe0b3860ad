namespace KvmPve.Simulator.Hosting;

/// <summary>A request as the simulator saw it (header names only, no values), so tests can assert what was (not) sent.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, long? ContentLength, IReadOnlyList<string> Headers, DateTimeOffset At)
{
    public bool Has(string header) => Headers.Contains(header, StringComparer.OrdinalIgnoreCase);
}

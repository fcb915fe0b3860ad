namespace KvmPve.Simulator.Hosting;

/// <summary>A request as the simulator saw it, so tests can assert what was (not) sent.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, long? ContentLength, DateTimeOffset At);

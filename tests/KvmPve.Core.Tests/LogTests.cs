using System.Diagnostics;
using System.Text;
using KvmPve.Transport;

namespace KvmPve.Core.Tests;

[Collection(TimingSensitive.Name)]
public class LogTests : SimulatorTest
{
    [Fact]
    public async Task The_whole_log_arrives_parsed_and_ends()
    {
        using PiKvmSession session = await Connect();
        var entries = new List<PiKvmLogEntry>();
        await session.ReadLogAsync(null, false, entries.Add, CancellationToken.None);
        Assert.True(entries.Count >= 5);
        Assert.Equal("kvmd.service", entries[0].Service);
        Assert.Equal("Starting PiKVM - The main daemon...", entries[0].Message);
        Assert.NotNull(entries[0].Time);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/log" && r.Query == "?seek=0&follow=0");
    }

    [Fact]
    public async Task Seek_is_sent_in_whole_seconds_and_limits_the_history()
    {
        using PiKvmSession session = await Connect();
        var entries = new List<PiKvmLogEntry>();
        await session.ReadLogAsync(TimeSpan.FromSeconds(90.2), false, entries.Add, CancellationToken.None);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/log" && r.Query == "?seek=91&follow=0");
        Assert.DoesNotContain(entries, e => e.Message.StartsWith("Starting PiKVM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Follow_yields_each_line_as_it_is_written()
    {
        using PiKvmSession session = await Connect();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<PiKvmLogEntry>();
        Task follow = session.ReadLogAsync(TimeSpan.FromSeconds(1), true, entry =>
        {
            seen.Add(entry);
            if (entry.Message == "marker line")
            {
                cancel.Cancel();
            }
        }, cancel.Token);
        await Task.Delay(300);
        Sim.PiKvm.Journal.Write("kvmd-test.service", "marker line");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow);
        PiKvmLogEntry marker = seen[^1];
        Assert.Equal("kvmd-test.service", marker.Service);
        Assert.Equal("marker line", marker.Message);
    }

    [Fact]
    public async Task Follow_cancellation_returns_within_a_second()
    {
        using PiKvmSession session = await Connect();
        using var cancel = new CancellationTokenSource();
        int count = 0;
        Task follow = session.ReadLogAsync(null, true, _ => count++, cancel.Token);
        await Task.Delay(500);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.True(count > 0);
    }

    [Fact]
    public async Task A_followed_log_the_pikvm_ends_is_an_error_not_a_quiet_end()
    {
        using PiKvmSession session = await Connect();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int count = 0;
        Task follow = session.ReadLogAsync(TimeSpan.FromSeconds(1), true, _ => count++, timeout.Token);
        await Task.Delay(400);
        Sim.PiKvm.Journal.EndFollowers();
        var ex = await Assert.ThrowsAsync<KvmPve.Errors.KvmPveException>(() => follow);
        Assert.Equal("PiKvmLogStreamEnded", ex.ErrorId);
        Assert.Equal(KvmPve.Errors.ErrorKind.ConnectionError, ex.Kind);
        Assert.True(count > 0);
    }

    [Fact]
    public async Task Stopping_after_three_entries_stops_the_stream_promptly()
    {
        // What Get-PiKvmLog -Follow | Select-Object -First 3 does through cancellation.
        using PiKvmSession session = await Connect();
        using var cancel = new CancellationTokenSource();
        var seen = new List<PiKvmLogEntry>();
        var watch = Stopwatch.StartNew();
        Task follow = session.ReadLogAsync(TimeSpan.FromSeconds(1), true, e =>
        {
            seen.Add(e);
            if (seen.Count == 3)
            {
                cancel.Cancel();
            }
        }, cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow);
        Assert.Equal(3, seen.Count); // none of the lines already buffered after the third
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}

public class LogParsingTests
{
    [Fact]
    public void A_record_line_is_split_into_time_service_and_message()
    {
        PiKvmLogEntry entry = PiKvmLogEntry.Parse("[2026-11-22 03:04:05 kvmd.service] --- kvmd.apps.kvmd.server INFO --- Listening --- here", null);
        Assert.Equal(new DateTime(2026, 11, 22, 3, 4, 5), entry.Time);
        Assert.Equal("kvmd.service", entry.Service);
        Assert.Equal("kvmd.apps.kvmd.server INFO --- Listening --- here", entry.Message);
    }

    [Fact]
    public void A_continuation_line_keeps_the_previous_time_and_service()
    {
        PiKvmLogEntry first = PiKvmLogEntry.Parse("[2026-11-22 03:04:05 kvmd.service] --- Traceback:", null);
        PiKvmLogEntry next = PiKvmLogEntry.Parse("  File \"x.py\", line 1", first);
        Assert.Equal(first.Time, next.Time);
        Assert.Equal("kvmd.service", next.Service);
        Assert.Equal("  File \"x.py\", line 1", next.Message);
        Assert.Null(PiKvmLogEntry.Parse("Module systemd.journal is unavailable.", null).Time);
    }

    [Fact]
    public async Task Lines_split_across_reads_come_out_whole_without_extra_reads()
    {
        var stream = new ChunkStream(["[2026-11-22 03:04:05 a] --- h\u00e9", "llo\r", "\n[2026-11-22 03:04:06 b] --- two\r\n", "tail"]);
        var reader = new LineReader(stream);
        Assert.Equal("[2026-11-22 03:04:05 a] --- héllo", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("[2026-11-22 03:04:06 b] --- two", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal(3, stream.Reads);
        Assert.Equal("tail", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    private sealed class ChunkStream(string[] chunks) : Stream
    {
        private int _next;

        public int Reads => _next;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_next == chunks.Length)
            {
                return 0;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(chunks[_next++]);
            bytes.CopyTo(buffer, offset);
            return bytes.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Net.Http.Json;
using System.Text.Json;

namespace KvmPve.Core.Tests;

public class SimulatorTests : SimulatorTest
{
    [Fact]
    public async Task Other_processes_can_read_the_recorded_requests_without_being_recorded()
    {
        using PiKvmSession session = await Connect(PiKvmAuthMode.Header);
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = Sim.BaseUri };
        JsonElement requests = await http.GetFromJsonAsync<JsonElement>("_simulator/requests");
        Assert.Contains(requests.EnumerateArray(), r => r.GetProperty("path").GetString() == "/api/auth/check" && r.GetProperty("method").GetString() == "GET");
        Assert.DoesNotContain(Sim.Requests, r => r.Path.StartsWith("/_simulator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trailing_slash_is_redirected_like_nginx_and_kvmd_do()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = Sim.BaseUri };
        using HttpResponseMessage response = await http.GetAsync("api/info/?fields=auth");
        Assert.Equal(308, (int)response.StatusCode);
        Assert.Equal("/api/info?fields=auth", response.Headers.Location!.OriginalString);
    }
}

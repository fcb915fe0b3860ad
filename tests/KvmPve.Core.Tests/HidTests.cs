using System.Text;
using KvmPve.Errors;

namespace KvmPve.Core.Tests;

public class HidTests : SimulatorTest
{
    [Fact]
    public async Task A_3000_character_text_arrives_whole_and_in_order()
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < 3000; i++)
        {
            text.Append(i.ToString("D4")).Append(' ');
        }

        string typed = text.ToString(0, 3000);
        using PiKvmSession session = await Connect();
        await session.TypeTextAsync(typed, null, false, null, CancellationToken.None);
        Assert.Equal(typed, Sim.PiKvm.Hid.Screen);
        Assert.Equal(3, Sim.Requests.Count(r => r.Path == "/api/hid/print"));
        Assert.All(Sim.Requests.Where(r => r.Path == "/api/hid/print"), r => Assert.Contains("limit=0", r.Query));
    }

    [Fact]
    public async Task The_simulator_truncates_like_kvmd_when_not_told_otherwise()
    {
        using PiKvmSession session = await Connect();
        await session.InvokeAsync("POST", "hid/print", null, new string('x', 1500), CancellationToken.None);
        Assert.Equal(1024, Sim.PiKvm.Hid.Screen.Length);
    }

    [Fact]
    public async Task A_surrogate_pair_is_never_split_between_pieces()
    {
        string typed = new string('a', 1023) + "😀" + "tail";
        using PiKvmSession session = await Connect();
        await session.TypeTextAsync(typed, null, false, null, CancellationToken.None);
        Assert.Equal(typed, Sim.PiKvm.Hid.Screen);
    }

    [Fact]
    public async Task Keymap_slow_and_delay_are_sent_and_an_unknown_keymap_fails_before_typing()
    {
        using PiKvmSession session = await Connect();
        await session.TypeTextAsync("hello", "de", true, 0.05, CancellationToken.None);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/hid/print" && r.Query == "?limit=0&keymap=de&slow=1&delay=0.05");
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.TypeTextAsync("x", "xx-yy", false, null, CancellationToken.None));
        Assert.Equal("PiKvmUnknownKeymap", ex.ErrorId);
        Assert.Contains("en-us", ex.Message);
        Assert.Equal("hello", Sim.PiKvm.Hid.Screen);
        Assert.Equal("PiKvmInvalidDelay", (await Assert.ThrowsAsync<KvmPveException>(() => session.TypeTextAsync("x", null, false, 6, CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task Chords_press_in_order_and_release_in_reverse()
    {
        using PiKvmSession session = await Connect();
        await session.SendKeysAsync(["Ctrl+Alt+Delete", "Enter", "Win+R"], CancellationToken.None);
        Assert.Equal(
            ["+ControlLeft", "+AltLeft", "+Delete", "-Delete", "-AltLeft", "-ControlLeft", "+Enter", "-Enter", "+MetaLeft", "+KeyR", "-KeyR", "-MetaLeft"],
            Sim.PiKvm.Hid.KeyEvents);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_with_near_matches_before_anything_is_sent()
    {
        using PiKvmSession session = await Connect();
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SendKeysAsync(["Enter", "Ctrl+Alt+Delte"], CancellationToken.None));
        Assert.Equal("PiKvmUnknownKey", ex.ErrorId);
        Assert.Contains("'Delte'", ex.Message);
        Assert.Contains("Delete", ex.Message);
        Assert.Equal(before, Sim.Requests.Count);
        Assert.Empty(Sim.PiKvm.Hid.KeyEvents);
    }

    [Theory]
    [InlineData("F2", "F2")]
    [InlineData("f12", "F12")]
    [InlineData("a", "KeyA")]
    [InlineData("KeyA", "KeyA")]
    [InlineData("7", "Digit7")]
    [InlineData("Esc", "Escape")]
    [InlineData("Up", "ArrowUp")]
    [InlineData("Numpad1", "Numpad1")]
    [InlineData("F24", "F24")]
    public void Friendly_names_map_to_kvmd_codes(string name, string code) => Assert.Equal([code], PiKvmKeys.ParseChord(name));

    [Theory]
    [InlineData("")]
    [InlineData("Ctrl+")]
    [InlineData("+Alt")]
    [InlineData("Ctrl++Alt")]
    public void Malformed_chords_are_refused(string chord) =>
        Assert.Equal("PiKvmInvalidKey", Assert.Throws<KvmPveException>(() => PiKvmKeys.ParseChord(chord)).ErrorId);

    [Fact]
    public async Task Hid_state_and_keymaps_read()
    {
        using PiKvmSession session = await Connect();
        PiKvmHidState hid = await session.GetHidAsync(CancellationToken.None);
        Assert.True(hid.Online && hid.KeyboardOnline && hid.MouseAbsolute && hid.NumLock);
        IReadOnlyList<PiKvmKeymap> keymaps = await session.GetKeymapsAsync(CancellationToken.None);
        Assert.True(keymaps.Single(k => k.Name == "en-us").IsDefault);
        await session.ResetHidAsync(CancellationToken.None);
        Assert.Equal(1, Sim.PiKvm.Hid.Resets);
    }
}

using System.Collections;
using KvmPve.Errors;

namespace KvmPve.Core.Tests;

public class SequenceTests
{
    [Fact]
    public void Every_step_is_checked_and_described_without_the_text_typed()
    {
        IReadOnlyList<PiKvmStep> steps = PiKvmSequence.Parse(new object[]
        {
            new Hashtable { ["Mount"] = "a.iso", ["Media"] = "flash" },
            new Hashtable { ["power"] = "on" },
            new Hashtable { ["WaitText"] = "boot:", ["TimeoutSec"] = 30 },
            new Hashtable { ["Type"] = "secret text" },
            new Hashtable { ["Key"] = new object[] { "Ctrl+Alt+Delete", "Enter" } },
            new Hashtable { ["Sleep"] = 1.5 },
            new Hashtable { ["Mouse"] = new Hashtable { ["MoveTo"] = new object[] { 10, 20 }, ["Click"] = "Left" } },
        });
        Assert.Equal(["Mount", "Power", "WaitText", "Type", "Key", "Sleep", "Mouse"], steps.Select(s => s.Action));
        Assert.Equal("Type 11 characters", steps[3].Description);
        Assert.Equal(PiKvmAtxPowerAction.On, steps[1].Value);
        Assert.Equal([10, 20], ((PiKvmMouseAction)steps[6].Value!).MoveTo!);
        Assert.DoesNotContain(steps, s => s.Description.Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("no action", "Step 1: has no action")]
    [InlineData("two actions", "several actions")]
    [InlineData("bad key", "'Entr'")]
    [InlineData("bad power", "Power 'Up'")]
    [InlineData("bad option", "'Colour' is not an option of Sleep")]
    [InlineData("bad regex", "regular expression")]
    [InlineData("bad sleep", "Sleep -1")]
    [InlineData("not a table", "is not a hashtable")]
    public void A_bad_step_is_an_argument_error_naming_its_number(string what, string expected)
    {
        object step = what switch
        {
            "no action" => new Hashtable { ["TimeoutSec"] = 3 },
            "two actions" => new Hashtable { ["Type"] = "x", ["Key"] = "Enter" },
            "bad key" => new Hashtable { ["Key"] = "Entr" },
            "bad power" => new Hashtable { ["Power"] = "Up" },
            "bad option" => new Hashtable { ["Sleep"] = 1, ["Colour"] = "red" },
            "bad regex" => new Hashtable { ["WaitText"] = "(", ["Regex"] = true },
            "bad sleep" => new Hashtable { ["Sleep"] = -1 },
            _ => "Enter",
        };
        var ex = Assert.Throws<KvmPveException>(() => PiKvmSequence.Parse([step]));
        Assert.Equal((ErrorKind.InvalidArgument, "PiKvmInvalidStep"), (ex.Kind, ex.ErrorId));
        Assert.StartsWith("Step 1: ", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Mouse_pixels_map_to_kvmd_s_range_end_to_end()
    {
        Assert.Equal(-32768, PiKvmSession.Remap(0, 1920));
        Assert.Equal(32767, PiKvmSession.Remap(1919, 1920));
        Assert.Equal(0, PiKvmSession.Remap(0, 1));
        Assert.Throws<KvmPveException>(() => PiKvmSession.CheckMouse(new PiKvmMouseAction { MoveTo = [1, 2], Relative = [1, 1] }));
        Assert.Throws<KvmPveException>(() => PiKvmSession.CheckMouse(new PiKvmMouseAction { Click = "Side" }));
    }

    [Fact]
    public void Screen_patterns_match_lines_case_insensitive()
    {
        Func<string, string?> wildcard = PiKvmSession.Matcher("BOOT:", regex: false);
        Assert.Equal("boot: ", wildcard("menu\r\nboot: \nend"));
        Assert.Null(wildcard("booting"));
        Assert.Equal("login: root", PiKvmSession.Matcher("login: (\\w+)", regex: true)("Debian\nlogin: root"));
        Assert.Throws<KvmPveException>(() => PiKvmSession.CheckRegion([10, 0, 5, 20]));
    }
}

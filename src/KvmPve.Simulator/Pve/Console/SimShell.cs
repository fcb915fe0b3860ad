using System.Text;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// A guest's text console where no real serial port is behind it: a Debian login (any password), then a shell that
/// knows echo and hostname, echoing what is typed as a terminal does (not the password).
/// </summary>
internal sealed class SimShell(string name)
{
    private readonly StringBuilder _line = new();
    private string _state = "login";

    public string Greeting => $"\r\nDebian GNU/Linux 13 {name} ttyS0\r\n\r\n{name} login: ";

    /// <summary>What the console shows for <paramref name="typed"/>.</summary>
    public string Type(string typed)
    {
        var output = new StringBuilder();
        foreach (char c in typed)
        {
            if (c is '\r' or '\n')
            {
                output.Append("\r\n").Append(Enter(_line.ToString()));
                _line.Clear();
                continue;
            }

            _line.Append(c);
            if (_state != "password")
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    private string Enter(string line)
    {
        switch (_state)
        {
            case "login":
                _state = line.Length == 0 ? "login" : "password";
                return line.Length == 0 ? $"{name} login: " : "Password: ";
            case "password":
                _state = "shell";
                return $"Linux {name} 6.12.0-amd64 #1 SMP x86_64\r\nroot@{name}:~# ";
            default:
                string answer = line.StartsWith("echo ", StringComparison.Ordinal) ? line[5..] + "\r\n"
                    : line == "hostname" ? name + "\r\n"
                    : line.Length == 0 ? string.Empty
                    : $"-bash: {line.Split(' ')[0]}: command not found\r\n";
                return answer + $"root@{name}:~# ";
        }
    }
}

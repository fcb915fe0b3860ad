using KvmPve.HelpBuilder;

// dotnet run --project tools/KvmPve.HelpBuilder -- <repository root>
string root = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
foreach ((string relative, string content) in HelpFiles.Build(root))
{
    string path = Path.Combine(root, relative);
    File.WriteAllText(path, content, new System.Text.UTF8Encoding(false));
    Console.WriteLine($"wrote {relative}");
}

namespace KvmPve.Testing;

/// <summary>Files of any size that take no disk (sparse): what the upload tests and benchmarks send.</summary>
internal static class SparseFile
{
    /// <summary>A file of <paramref name="size"/> zero bytes named <paramref name="name"/>, in <paramref name="folder"/> or a temporary folder of its own.</summary>
    public static string Create(string name, long size, string? folder = null)
    {
        string path = Path.Combine(folder ?? Directory.CreateTempSubdirectory("kvmpve-").FullName, name);
        using var stream = new FileStream(path, FileMode.Create);
        stream.SetLength(size);
        return path;
    }
}

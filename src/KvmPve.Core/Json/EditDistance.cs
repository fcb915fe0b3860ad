using System;

namespace KvmPve.Json
{
    /// <summary>
    /// Levenshtein distance, for the near matches an error suggests (unknown keys, unknown configuration keys):
    /// no library here has one, and it is a few lines.
    /// </summary>
    internal static class EditDistance
    {
        public static int Between(string a, string b)
        {
            var row = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                row[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                int previous = row[0];
                row[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int current = row[j];
                    row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                    previous = current;
                }
            }

            return row[b.Length];
        }
    }
}

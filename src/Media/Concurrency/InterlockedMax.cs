namespace Live.Media.Concurrency;

/// <summary>
/// Raises a shared high-water mark without a lock: peaks are read by metrics and tests while several threads write
/// them, and a lock there would be one more thing a packet or handshake thread could wait on.
/// </summary>
internal static class InterlockedMax
{
    /// <summary>Sets <paramref name="location"/> to <paramref name="value"/> if that is larger; a lower value changes nothing.</summary>
    public static void Raise(ref int location, int value)
    {
        int current = Volatile.Read(ref location);
        while (value > current)
        {
            int seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen; // another thread moved it; try again only if ours is still higher
        }
    }
}

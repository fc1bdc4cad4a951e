using System.Diagnostics;

namespace Live.Tests.Fuzz;

/// <summary>
/// A small mutation fuzzer for one parser: it starts from a committed seed corpus, derives each input from a corpus
/// entry by a few random edits (bit flips, interesting bytes and lengths, truncation, insertion, duplication, splicing),
/// and keeps inputs the target accepts in the corpus, so later inputs build on shapes that got past the first checks
/// (acceptance is the feedback: it is not coverage-guided). Every input runs the target inside a check that nothing
/// but the target's own verdict comes out (any exception is a crash) and that it allocated at most
/// <see cref="AllocationBound"/> for that input's size. The first crashing input of each kind is saved for replay.
/// </summary>
public sealed class FuzzEngine(string target, IReadOnlyList<byte[]> seeds, Func<byte[], bool> run, Func<Exception, bool>? expected = null)
{
    /// <summary>Inputs per target in the suite, where a few seconds are spent on each.</summary>
    public const int SuiteInputs = 20_000;

    /// <summary>
    /// Inputs for this run: <paramref name="suiteInputs"/> in the suite; <c>LIVE_FUZZ_INPUTS</c> sets every target's
    /// count (scripts/fuzz.sh: a million).
    /// </summary>
    public static int Inputs(int suiteInputs = SuiteInputs) =>
        int.TryParse(Environment.GetEnvironmentVariable("LIVE_FUZZ_INPUTS"), out var n) && n > 0 ? n : suiteInputs;

    /// <summary>The seed of the random generator; <c>LIVE_FUZZ_SEED</c> replays a run.</summary>
    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("LIVE_FUZZ_SEED"), out var n) ? n : 20261207;

    /// <summary>The longest input generated; big enough for a full SDP offer, small enough that a copy costs nothing.</summary>
    public const int MaxInputBytes = 16 * 1024;

    /// <summary>
    /// Bytes a target may allocate for one input: a parsed object graph is a few times its input, never more than
    /// this (64 bytes per input byte plus 64 KiB). A parser that trusts a length field and allocates what it says
    /// exceeds it at once.
    /// </summary>
    public static long AllocationBound(int inputLength) => 64L * inputLength + 64 * 1024;

    private const int MaxCorpus = 4_096;

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0d, 0x0a, 0x20, 0x3a, 0x3d, 0x1e, 0x22, 0x7b, 0x7d];
    private static readonly int[] InterestingLengths = [0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 1023, 1024, 4095, 32767, 32768, 65535];

    public FuzzResult Run(int inputs, int seed)
    {
        var random = new Random(seed);
        var corpus = seeds.Select(s => s.ToArray()).ToList();
        if (corpus.Count == 0) throw new InvalidOperationException($"{target}: no seed corpus");
        var crashes = new Dictionary<string, byte[]>();
        long accepted = 0, overAllocating = 0, maxAllocated = 0;
        // The first run of a code path fills caches (JIT, serializer metadata, resource strings); seeds warm them up.
        foreach (var seedInput in corpus) Execute(seedInput, out _);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < inputs; i++)
        {
            var input = i < corpus.Count && i < seeds.Count ? corpus[i] : Mutate(random, corpus);
            var (ok, allocated, crash) = Execute(input, out _);
            if (crash is not null)
            {
                if (crashes.TryAdd(crash, input)) Save(input, "crash");
                continue;
            }
            // A new path may still fill a cache once; an input over the bound counts only if it is over it again.
            if (allocated > AllocationBound(input.Length)) allocated = Math.Min(allocated, Execute(input, out _).Allocated);
            maxAllocated = Math.Max(maxAllocated, allocated);
            if (allocated > AllocationBound(input.Length) && overAllocating++ == 0) Save(input, "alloc");
            if (!ok) continue;
            accepted++;
            if (corpus.Count < MaxCorpus) corpus.Add(input);
            else corpus[random.Next(seeds.Count, MaxCorpus)] = input;
        }
        var result = new FuzzResult(target, inputs, accepted, [.. crashes.Keys], overAllocating, maxAllocated, clock.Elapsed);
        Console.WriteLine(result);
        return result;
    }

    /// <summary>Runs the target once: its verdict, the bytes it allocated, and the kind of crash if it threw.</summary>
    private (bool Ok, long Allocated, string? Crash) Execute(byte[] input, out Exception? thrown)
    {
        thrown = null;
        var before = GC.GetAllocatedBytesForCurrentThread();
        bool ok;
        try
        {
            ok = run(input);
        }
        catch (Exception ex) when (expected?.Invoke(ex) == true)
        {
            ok = false;
        }
        catch (Exception ex)
        {
            thrown = ex;
            return (false, 0, $"{ex.GetType().Name} at {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
        }
        return (ok, GC.GetAllocatedBytesForCurrentThread() - before, null);
    }

    private static byte[] Mutate(Random random, List<byte[]> corpus)
    {
        var data = new List<byte>(corpus[random.Next(corpus.Count)]);
        for (var edits = 1 + random.Next(random.Next(2) == 0 ? 2 : 8); edits > 0; edits--)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(10))
            {
                case 0 when data.Count > 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when data.Count > 0: data[at] = InterestingBytes[random.Next(InterestingBytes.Length)]; break;
                case 2 when data.Count > 0: data[at] = (byte)random.Next(256); break;
                case 3 when data.Count > 1: // a big-endian 16-bit length field set to an interesting value
                    var length = InterestingLengths[random.Next(InterestingLengths.Length)];
                    at = Math.Min(at, data.Count - 2);
                    data[at] = (byte)(length >> 8);
                    data[at + 1] = (byte)length;
                    break;
                case 4: data.RemoveRange(at, random.Next(data.Count - at + 1)); break; // truncate
                case 5 when data.Count > 0: data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16))); break;
                case 6: // insert random bytes
                    var inserted = new byte[1 + random.Next(16)];
                    random.NextBytes(inserted);
                    data.InsertRange(at, inserted);
                    break;
                case 7 when data.Count > 0: // duplicate a chunk (repeated attributes, lines, report blocks)
                    var start = random.Next(data.Count);
                    var chunk = data.GetRange(start, Math.Min(data.Count - start, 1 + random.Next(64)));
                    data.InsertRange(at, chunk);
                    break;
                case 8: // splice: the head of this input with the tail of another
                    var other = corpus[random.Next(corpus.Count)];
                    var from = random.Next(other.Length + 1);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(from).ToArray());
                    break;
                default: // an ASCII digit run: numbers in text formats (SDP, JSON)
                    var digits = random.Next(1, 12);
                    for (var d = 0; d < digits; d++) data.Insert(Math.Min(at + d, data.Count), (byte)('0' + random.Next(10)));
                    break;
            }
        }
        if (data.Count > MaxInputBytes) data.RemoveRange(MaxInputBytes, data.Count - MaxInputBytes);
        return [.. data];
    }

    private void Save(byte[] input, string kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), "live-fuzz", target);
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{kind}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..16]}.bin");
        File.WriteAllBytes(path, input);
        Console.WriteLine($"[fuzz] {target}: {kind} input saved to {path}");
    }

    /// <summary>Reads a committed seed corpus: every file of <c>TestData/Fuzz/&lt;name&gt;</c> beside the test assembly.</summary>
    public static IReadOnlyList<byte[]> Corpus(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "Fuzz", name);
        return [.. System.IO.Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
    }
}

/// <summary>What a fuzz run did: inputs run, how many the target accepted, crashes by kind, inputs over the allocation bound.</summary>
public sealed record FuzzResult(string Target, long Inputs, long Accepted, IReadOnlyList<string> Crashes, long OverAllocating, long MaxAllocatedBytes, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"[fuzz] target={Target} inputs={Inputs} accepted={Accepted} crashes={Crashes.Count} over-allocating={OverAllocating} " +
        $"max-alloc-bytes={MaxAllocatedBytes} seconds={Elapsed.TotalSeconds:F1} execs-per-second={Inputs / Math.Max(Elapsed.TotalSeconds, 0.001):F0}";
}

using System.Collections.Concurrent;
using System.Text.Json;

namespace Live.Tests.Integration.Cluster;

/// <summary>
/// Every write a failover test made, with whether it was acknowledged, and the checker that compares the acknowledged
/// ones with the session's final state. A write that failed or timed out is "uncertain": it may or may not have
/// happened, so the final state may show it or not; an acknowledged write that is missing is lost.
/// </summary>
public sealed class WriteLedger
{
    private readonly ConcurrentDictionary<string, string> _notes = new();
    private readonly ConcurrentDictionary<string, VoterRecord> _votes = new();
    private readonly Lock _promptLock = new();
    private string? _lastPrompt;
    private readonly List<string> _promptsAfterLast = [];
    private long _acknowledged, _failed, _reactions;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);
    public long Failed => Interlocked.Read(ref _failed);
    public long ReactionsAcknowledged => Interlocked.Read(ref _reactions);
    public int Notes => _notes.Count;

    public void Failure() => Interlocked.Increment(ref _failed);

    public void NoteAcknowledged(string id, string text)
    {
        _notes[id] = text;
        Interlocked.Increment(ref _acknowledged);
    }

    public void ReactionAcknowledged() => Interlocked.Increment(ref _reactions);

    public void PromptAttempted(string text)
    {
        lock (_promptLock) _promptsAfterLast.Add(text);
    }

    public void PromptAcknowledged(string text)
    {
        lock (_promptLock)
        {
            _lastPrompt = text;
            _promptsAfterLast.Clear();
        }
        Interlocked.Increment(ref _acknowledged);
    }

    /// <summary>Waits for the next prompt acknowledged after this call and returns its text.</summary>
    public async Task<string> NextAcknowledgedPromptAsync(TimeSpan timeout)
    {
        string? Current() { lock (_promptLock) return _lastPrompt; }
        var before = Current();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Current() is { } now && now != before) return now;
            await Task.Delay(20);
        }
        throw new TimeoutException("The host had no prompt acknowledged in time.");
    }

    public void VoteAttempted(string voterId, int choice) => _votes.GetOrAdd(voterId, _ => new()).Attempt(choice);

    public void VoteAcknowledged(string voterId, int choice)
    {
        _votes.GetOrAdd(voterId, _ => new()).Acknowledge(choice);
        Interlocked.Increment(ref _acknowledged);
    }

    /// <summary>Lost notes: acknowledged ids missing from the session's final notes, or kept with another text.</summary>
    public IReadOnlyList<string> MissingNotes(IReadOnlyList<JsonElement> finalNotes)
    {
        var present = finalNotes.ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("text").GetString());
        return [.. _notes.Where(n => !present.TryGetValue(n.Key, out var text) || text != n.Value).Select(n => n.Key)];
    }

    /// <summary>True when the final prompt is the last acknowledged one, or a later attempt that happened after all.</summary>
    public bool PromptKept(JsonElement hostSnapshot)
    {
        var current = hostSnapshot.GetProperty("prompt") is { ValueKind: JsonValueKind.Object } prompt ? prompt.GetProperty("text").GetString() : null;
        lock (_promptLock) return _lastPrompt is null || current == _lastPrompt || _promptsAfterLast.Contains(current!);
    }

    /// <summary>True when the voter's final choice in the poll is their last acknowledged vote (or a later attempt).</summary>
    public bool VoteKept(string voterId, string pollId, JsonElement voterSnapshot)
    {
        if (!_votes.TryGetValue(voterId, out var record) || record.LastAcknowledged is null) return true;
        var poll = voterSnapshot.GetProperty("polls").EnumerateArray().First(p => p.GetProperty("id").GetString() == pollId);
        var mine = poll.GetProperty("myChoice");
        if (mine.ValueKind != JsonValueKind.Array || mine.GetArrayLength() != 1) return false;
        return record.Allows(mine[0].GetInt32());
    }

    public IReadOnlyCollection<string> Voters => [.. _votes.Keys];

    private sealed class VoterRecord
    {
        private readonly List<int> _after = [];

        public int? LastAcknowledged { get; private set; }

        public void Attempt(int choice)
        {
            lock (_after) _after.Add(choice);
        }

        public void Acknowledge(int choice)
        {
            lock (_after)
            {
                LastAcknowledged = choice;
                _after.Clear();
            }
        }

        public bool Allows(int choice)
        {
            lock (_after) return choice == LastAcknowledged || _after.Contains(choice);
        }
    }
}

namespace Live.Sessions;

/// <summary>Recording control: consent from every guest present, then start, pause, resume and stop on the session clock.</summary>
[Alias("Live.ISessionRecording")]
public interface ISessionRecording : IGrainWithStringKey
{
    /// <summary>Starts recording once every guest present has consented; otherwise asks them and returns who is pending.</summary>
    [Alias("StartRecording")] Task<RecordingView> StartRecordingAsync(string hostId);

    /// <summary>Pauses the recording.</summary>
    [Alias("PauseRecording")] Task<RecordingView> PauseRecordingAsync(string hostId);

    /// <summary>Resumes a paused recording.</summary>
    [Alias("ResumeRecording")] Task<RecordingView> ResumeRecordingAsync(string hostId);

    /// <summary>Stops the recording for good.</summary>
    [Alias("StopRecording")] Task<RecordingView> StopRecordingAsync(string hostId);

    /// <summary>A guest gives or declines consent to being recorded.</summary>
    [Alias("SetConsent")] Task SetConsentAsync(string participantId, bool consent);
}

namespace Live.Media.Sfu;

/// <summary>What became of one NACKed sequence number.</summary>
internal enum RetransmitOutcome
{
    /// <summary>Retransmitted from the producer's history.</summary>
    Sent,

    /// <summary>Not in the history any more (or never received, or the consumer is not sending): nothing to resend.</summary>
    NotKept,

    /// <summary>Received longer ago than the age limit: too late to be played, so not resent.</summary>
    TooOld,

    /// <summary>Retransmitted to this consumer less than the hold-off ago: the repeated NACK is ignored.</summary>
    HeldOff,
}

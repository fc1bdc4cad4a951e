using Live.Grains.Infrastructure;
using Live.Sessions;
using Live.Webhooks;

namespace Live.Grains.Sessions;

// Joining, the lobby, presence and removal.
public sealed partial class SessionGrain
{
    public async Task<SessionView> JoinAsync(ParticipantIdentity identity) => ViewFor(await JoinCoreAsync(identity));

    public async Task<RosterEntry> EnterAsync(ParticipantIdentity identity) => (await JoinCoreAsync(identity)).ToEntry();

    private async Task<ParticipantRecord> JoinCoreAsync(ParticipantIdentity identity)
    {
        RequireCreated();
        RequireNotEnded();
        if (identity.SessionId != SessionId) throw Refuse("wrong-session", "This invitation is for another session.");
        if (!Enum.IsDefined(identity.Role)) throw Input.Invalid("Unknown role.");
        if (identity.Role.IsGuest() && identity.Role != S.Kind.GuestRole())
            throw Refuse("wrong-role", $"A {S.Kind} session has no {identity.Role} role.");
        var name = Input.Text(identity.DisplayName, SessionLimits.MaxDisplayNameLength, "Display name");
        var id = Input.Text(identity.ParticipantId, 64, "Participant id");

        if (S.Participants.TryGetValue(id, out var known))
        {
            if (known.Role != identity.Role) throw Refuse("wrong-role", "This participant joined with another role.");
            if (known.Admission is Admission.Denied or Admission.Removed)
                throw Refuse("not-admitted", known.Admission == Admission.Denied ? "The host did not admit you to this session." : "You were removed from this session.");
            if (!known.Present)
            {
                known.Present = true;
                Webhook(WebhookEventTypes.ParticipantJoined, ParticipantWebhookData(known));
                await SaveAsync();
                RosterChanged(known.Id);
            }
            else await _commit.WhenDurableAsync(); // joins interleave: the first join of this id may still be writing
            return known;
        }

        if (S.Participants.Count >= SessionLimits.MaxParticipants) throw Refuse("session-full", "This session is full.");
        var record = new ParticipantRecord
        {
            Id = id,
            DisplayName = name,
            Role = identity.Role,
            Admission = identity.Role.IsGuest() ? Admission.Waiting : Admission.Admitted,
            Present = true,
            JoinedAt = clock.GetUtcNow(),
        };
        S.Participants[id] = record;
        ListIfRoom(record);
        Webhook(WebhookEventTypes.ParticipantJoined, ParticipantWebhookData(record));
        await SaveAsync();
        RosterChanged(id);
        return record;
    }

    public async Task SetPresenceAsync(string participantId, bool present)
    {
        var p = Participant(participantId);
        if (p.Present == present) return;
        p.Present = present;
        Webhook(present ? WebhookEventTypes.ParticipantJoined : WebhookEventTypes.ParticipantLeft, ParticipantWebhookData(p));
        await SaveAsync();
        RosterChanged(p.Id);
        if (!present)
        {
            ForgetMediaPath(p.Id);
            await CloseMediaOfAsync(p.Id);
        }
    }

    public async Task ObserverLeftAsync(string observerId)
    {
        var p = Participant(observerId);
        if (p.Role != Role.Observer) throw Refuse("wrong-role", "Only an observer leaves this way.");
        if (!p.Present)
        {
            await _commit.WhenDurableAsync(); // another call for the same observer may still be writing
            return;
        }
        p.Present = false;
        ForgetMediaPath(p.Id);
        Webhook(WebhookEventTypes.ParticipantLeft, ParticipantWebhookData(p));
        await SaveAsync();
        RosterChanged(p.Id);
        await EndSubscriptionsOfAsync(p.Id);
    }

    public async Task SetConnectionCheckAsync(string participantId, Live.Participants.ConnectionCheck check)
    {
        if (check is null) throw Input.Invalid("A connection check is required.");
        if (check.Problem() is { } problem) throw Input.Invalid(problem);
        var p = Participant(participantId);
        if (!p.Role.IsGuest()) throw Refuse("wrong-role", "Only respondents and customers report a connection check to the host.");
        if (p.Check == check) return;
        p.Check = check;
        await SaveAsync();
        Publish(Audience.Hosts, SessionEventTypes.ConnectionCheck, new ConnectionCheckNotice(p.Id, check));
    }

    public async Task SetCustomerContextAsync(string participantId, CustomerContext context)
    {
        if (context is null) throw Input.Invalid("A customer context is required.");
        if (context.Problem() is { } problem) throw Input.Invalid(problem);
        var p = Participant(participantId);
        if (!p.Role.IsGuest()) throw Refuse("wrong-role", "Only respondents and customers bring a customer context.");
        if (p.Context == context) return;
        p.Context = context;
        await SaveAsync();
        // Staff, not Everyone: the customer never gets their own context back (the shop may have written things there
        // for the salesperson's eyes), nor does any other guest.
        Publish(Audience.Staff, SessionEventTypes.CustomerContext, new CustomerContextNotice(p.Id, context));
    }

    public async Task AdmitAsync(string hostId, string participantId)
    {
        var host = RequireHost(hostId);
        RequireNotEnded();
        var guest = Participant(participantId);
        if (guest.Admission != Admission.Waiting) throw Refuse("not-waiting", $"{guest.DisplayName} is not waiting in the lobby.");
        guest.Admission = Admission.Admitted;
        var askConsent = RecordingActive && guest.Consent is not (Consent.Given or Consent.Declined);
        if (askConsent) guest.Consent = Consent.Asked;
        var audit = Audit(AuditAction.Admitted, host, guest);
        Webhook(WebhookEventTypes.ParticipantAdmitted, ParticipantWebhookData(guest));
        await SaveAsync();
        PublishAudit(audit);
        Publish(Audience.Participant, SessionEventTypes.Snapshot, ViewFor(guest), guest.Id);
        if (askConsent) Publish(Audience.Participant, SessionEventTypes.ConsentRequested, null, guest.Id);
        RosterChanged(guest.Id);
    }

    public async Task DenyAsync(string hostId, string participantId)
    {
        var host = RequireHost(hostId);
        var guest = Participant(participantId);
        if (guest.Admission != Admission.Waiting) throw Refuse("not-waiting", $"{guest.DisplayName} is not waiting in the lobby.");
        guest.Admission = Admission.Denied;
        var audit = Audit(AuditAction.Denied, host, guest);
        await SaveAsync();
        PublishAudit(audit);
        Publish(Audience.Participant, SessionEventTypes.Snapshot, ViewFor(guest), guest.Id);
        RosterChanged(guest.Id);
    }

    public async Task RemoveAsync(string hostId, string participantId)
    {
        var host = RequireHost(hostId);
        if (hostId == participantId) throw Refuse("invalid-input", "A host cannot remove themselves.");
        var p = Participant(participantId);
        if (p.Admission != Admission.Admitted) throw Refuse("not-admitted", $"{p.DisplayName} is not in the session.");
        p.Admission = Admission.Removed;
        var audit = Audit(AuditAction.Removed, host, p);
        await SaveAsync();
        PublishAudit(audit);
        Publish(Audience.Participant, SessionEventTypes.Snapshot, ViewFor(p), p.Id);
        RosterChanged(p.Id);
        await CloseMediaOfAsync(p.Id);
    }
}

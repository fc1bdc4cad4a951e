namespace Live.Sessions;

/// <summary>What a participant may do. Respondents belong to focus groups, customers to sales calls; observers are silent and hidden.</summary>
[GenerateSerializer, Alias("Live.Role")]
public enum Role
{
    Host = 0,
    Respondent = 1,
    Customer = 2,
    Observer = 3,
}

/// <summary>Questions about roles that several layers ask the same way.</summary>
public static class Roles
{
    /// <summary>Hosts and observers: the people allowed to see the backroom.</summary>
    public static bool IsStaff(this Role role) => role is Role.Host or Role.Observer;

    /// <summary>Respondents and customers: the people being talked to, who wait in the lobby and must consent to recording.</summary>
    public static bool IsGuest(this Role role) => role is Role.Respondent or Role.Customer;

    /// <summary>The guest role a session of this kind admits.</summary>
    public static Role GuestRole(this SessionKind kind) => kind == SessionKind.FocusGroup ? Role.Respondent : Role.Customer;
}

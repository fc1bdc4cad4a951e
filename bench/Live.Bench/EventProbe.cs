using System.Text.Json;
using System.Text.Json.Serialization;

namespace Live.Bench;

/// <summary>
/// The few fields the load client needs from an event's data (a poll's id, question and voter count); everything else
/// (rosters, snapshots) is skipped by the reader without building objects, so the client's cost is reading bytes.
/// </summary>
[JsonConverter(typeof(EventProbeConverter))]
public sealed class EventProbe
{
    public string? Id { get; set; }
    public string? Question { get; set; }
    public int Voters { get; set; } = -1;
}

/// <summary>Reads an <see cref="EventProbe"/> from any JSON value: objects yield their top-level fields, anything else nothing.</summary>
public sealed class EventProbeConverter : JsonConverter<EventProbe>
{
    public override EventProbe? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        var probe = new EventProbe();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); probe.Id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
            else if (reader.ValueTextEquals("question"u8)) { reader.Read(); probe.Question = reader.GetString(); }
            else if (reader.ValueTextEquals("voters"u8)) { reader.Read(); probe.Voters = reader.GetInt32(); }
            else { reader.Read(); reader.Skip(); }
        }
        return probe;
    }

    public override void Write(Utf8JsonWriter writer, EventProbe value, JsonSerializerOptions options) =>
        throw new NotSupportedException();
}

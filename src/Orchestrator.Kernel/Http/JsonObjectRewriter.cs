using System.Text.Json;

namespace Orchestrator.Http;

/// <summary>
/// Copies a JSON object token by token, replacing the values of chosen top-level properties (and appending the chosen
/// ones it lacks). Lets a proxy change a field or two of a body without deserializing it into a model and back.
/// </summary>
internal static class JsonObjectRewriter
{
    /// <summary>Writes the new value of <c>names[index]</c>.</summary>
    /// <typeparam name="TState">What the callback needs (keeps it static).</typeparam>
    /// <param name="writer">Where the value goes (its property name is written).</param>
    /// <param name="index">Which of the names.</param>
    /// <param name="original">The property's value in the source, as raw JSON; empty when the source lacks it.</param>
    /// <param name="state">The caller's state.</param>
    public delegate void ValueWriter<TState>(Utf8JsonWriter writer, int index, ReadOnlySpan<byte> original, TState state);

    /// <summary>Writes <paramref name="json"/> to <paramref name="writer"/> with the values of <paramref name="names"/> replaced.</summary>
    /// <typeparam name="TState">What <paramref name="writeValue"/> needs (keeps the callback static).</typeparam>
    /// <param name="json">A JSON object.</param>
    /// <param name="writer">Where the copy goes.</param>
    /// <param name="names">The top-level properties to replace; at most 32.</param>
    /// <param name="state">Passed to <paramref name="writeValue"/>.</param>
    /// <param name="writeValue">Writes the new value of <c>names[index]</c>, given the original one.</param>
    /// <exception cref="JsonException"><paramref name="json"/> is not a JSON object.</exception>
    public static void Rewrite<TState>(ReadOnlySpan<byte> json, Utf8JsonWriter writer, ReadOnlySpan<JsonEncodedText> names, TState state, ValueWriter<TState> writeValue)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object.");
        }

        writer.WriteStartObject();
        var written = 0u;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = IndexOf(ref reader, names);
            var name = reader.ValueSpan;
            var escapedName = reader.ValueIsEscaped ? reader.GetString() : null;
            if (!reader.Read())
            {
                throw new JsonException("Truncated JSON object.");
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (index >= 0)
            {
                writer.WritePropertyName(names[index]);
                writeValue(writer, index, json[start..(int)reader.BytesConsumed], state);
                written |= 1u << index;
            }
            else
            {
                if (escapedName is null)
                {
                    writer.WritePropertyName(name);
                }
                else
                {
                    writer.WritePropertyName(escapedName);
                }

                writer.WriteRawValue(json[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }
        }

        for (var i = 0; i < names.Length; i++)
        {
            if ((written & (1u << i)) == 0)
            {
                writer.WritePropertyName(names[i]);
                writeValue(writer, i, default, state);
            }
        }

        writer.WriteEndObject();
    }

    private static int IndexOf(ref Utf8JsonReader reader, ReadOnlySpan<JsonEncodedText> names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i].EncodedUtf8Bytes))
            {
                return i;
            }
        }

        return -1;
    }
}

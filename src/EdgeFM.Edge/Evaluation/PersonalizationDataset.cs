using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Prompting;

namespace EdgeFM.Edge.Evaluation;

/// <summary>
/// The personalization data set: concise prompts of twelve users in six topics from cities around the world (the
/// date line, the tropics and the far north included), with the facts a completed prompt must carry and a reference
/// completion in <see cref="PromptTemplate"/>'s form whose connectors are the user's own habits (one phrase per user
/// after the place, one per user and topic after the time). Generated deterministically from a seed; the first 70%
/// in time are history (demonstrations), the rest held out.
/// </summary>
public static partial class PersonalizationDataset
{
    /// <summary>The seed of the shipped file.</summary>
    public const int DefaultSeed = 2026;

    /// <summary>Items in the shipped file.</summary>
    public const int DefaultCount = 300;

    private static readonly PersonalizationJsonContext Json = new(new JsonSerializerOptions { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>
    /// Generates <paramref name="count"/> items from <paramref name="seed"/> over <paramref name="gazetteer"/>'s cities.
    /// With <paramref name="freshUsers"/>, the twelve users get a home city, a place habit and topic habits drawn from
    /// the seed instead of the fixed ones of the shipped set: data for teaching an edge model to read a user's habits from
    /// their demonstrations (across such sets, neither a user's number nor their city predicts their habits; only the
    /// demonstrations do). Without it (the default) the output is the shipped set's, byte for byte for its seed.
    /// </summary>
    public static IReadOnlyList<PersonalizationItem> Generate(Gazetteer gazetteer, int seed = DefaultSeed, int count = DefaultCount, bool freshUsers = false)
    {
        ArgumentNullException.ThrowIfNull(gazetteer);
        var random = new Random(seed);
        var homes = Cities.Select(name => gazetteer.Find(name) ?? throw new InvalidOperationException($"The gazetteer lacks {name}.")).ToArray();
        var home = Enumerable.Range(0, Users).Select(u => (u * 5) % homes.Length).ToArray();
        var placeHabit = Enumerable.Range(0, Users).ToArray();
        var topicHabit = Enumerable.Range(0, Users).Select(u => u * 7).ToArray();
        if (freshUsers)
        {
            var users = new Random(unchecked((seed * 7919) + 17));
            home = [.. home.Select(_ => users.Next(homes.Length))];
            users.Shuffle(placeHabit);
            topicHabit = [.. topicHabit.Select(_ => users.Next(TopicHabits[0].Length))];
        }

        var time = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var items = new List<PersonalizationItem>(count);
        var history = (int)(count * 0.7);
        for (var id = 0; id < count; id++)
        {
            time = time.AddMinutes(random.Next(20, 121));
            var user = random.Next(Users);
            var topic = random.Next(TopicNames.Length);
            var travelling = random.NextDouble() < 0.2;
            var city = travelling ? homes[random.Next(homes.Length)] : homes[home[user]];

            // Within about 2 km of the centre: the nearest gazetteer place stays the city.
            var latitude = Math.Round(city.Point.Latitude + ((random.NextDouble() - 0.5) * 0.04), 5);
            var longitude = Math.Round(city.Point.Longitude + ((random.NextDouble() - 0.5) * 0.04), 5);
            longitude = longitude > 180 ? longitude - 360 : longitude < -180 ? longitude + 360 : longitude;
            var prompt = TopicPrompts[topic][random.Next(TopicPrompts[topic].Length)];
            var facts = new[]
            {
                new LocationFact(LocationFactKind.Place, city.CoarseName),
                new LocationFact(LocationFactKind.LocalTime, GazetteerLocationProvider.FormatLocalTime(TimeZoneInfo.ConvertTime(time, city.TimeZone))),
            };
            items.Add(new PersonalizationItem
            {
                Id = id,
                Split = id < history ? "history" : "heldout",
                User = UserName(user),
                Shareable = user % 2 == 0,
                Topic = TopicNames[topic],
                Time = time,
                Latitude = latitude,
                Longitude = longitude,
                Prompt = prompt,
                CoordinatesInPrompt = random.NextDouble() < 0.25,
                Facts = [.. facts.Select(f => f.Text)],
                Reference = PromptTemplate.Assemble(prompt, facts, [PlaceHabits[placeHabit[user]], TopicHabits[topic][(topicHabit[user] + topic) % TopicHabits[topic].Length]]),
            });
        }

        return items;
    }

    /// <summary>The user id of user number <paramref name="index"/>.</summary>
    public static string UserName(int index) => string.Create(CultureInfo.InvariantCulture, $"user-{index + 1:00}");

    /// <summary>Writes <paramref name="items"/> as JSON lines.</summary>
    public static void Write(string path, IEnumerable<PersonalizationItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        File.WriteAllLines(path, items.Select(i => JsonSerializer.Serialize(i, Json.PersonalizationItem)));
    }

    /// <summary>Reads a JSON-lines data set; throws <see cref="EdgeDataException"/> naming the file and line of a bad item.</summary>
    public static IReadOnlyList<PersonalizationItem> Read(string path)
    {
        var lines = EdgeDataFile.ReadLines(path, "data set", "pass --data FILE, or write the data set with 'edgefm eval personalization-data'.");

        var items = new List<PersonalizationItem>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            PersonalizationItem? item;
            try
            {
                item = JsonSerializer.Deserialize(lines[i], Json.PersonalizationItem);
            }
            catch (JsonException ex)
            {
                throw new EdgeDataException(path, i + 1, $"not a data set item: {ex.Message}", ex);
            }

            if (item is null)
            {
                throw new EdgeDataException(path, i + 1, "an item must be a JSON object.");
            }

            if (!GeoPoint.TryCreate(item.Latitude, item.Longitude, out _, out var error, "lat", "lon"))
            {
                throw new EdgeDataException(path, i + 1, error!);
            }

            items.Add(item);
        }

        return items.Count > 0 ? items : throw new EdgeDataException(path, 0, "the data set is empty.");
    }
}

using EdgeFM.Core.Models;
using Microsoft.Data.Sqlite;

namespace EdgeFM.Edge.Demonstrations;

public sealed partial class DemonstrationStore
{
    /// <summary>
    /// The committed demonstrations of <paramref name="model"/> that may serve <paramref name="user"/> (their own, or
    /// shareable), made at or after <paramref name="since"/>, newest first, at most <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<StoredDemonstration> Visible(ModelId model, UserId user, DateTimeOffset since, int limit) =>
        Query(
            "model = $model AND (user_id = $user OR shareable = 1) AND time_ms >= $since",
            limit,
            ("$model", model.Value),
            ("$user", user.Value),
            ("$since", since.ToUnixTimeMilliseconds()));

    /// <summary>The committed demonstrations of <paramref name="model"/>, every user's, newest first, at most <paramref name="limit"/> (for operators).</summary>
    public IReadOnlyList<StoredDemonstration> All(ModelId model, int limit) =>
        Query("model = $model", limit, ("$model", model.Value));

    /// <summary>Number of committed demonstrations of <paramref name="model"/>.</summary>
    public int Count(ModelId model)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM demonstrations WHERE model = $model;";
        command.Parameters.AddWithValue("$model", model.Value);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The models that have committed demonstrations, in ordinal order.</summary>
    public IReadOnlyList<ModelId> Models()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT model FROM demonstrations ORDER BY model;";
        using var reader = command.ExecuteReader();
        var models = new List<ModelId>();
        while (reader.Read())
        {
            models.Add(new ModelId(reader.GetString(0)));
        }

        return models;
    }

    private List<StoredDemonstration> Query(string where, int limit, params (string Name, object Value)[] parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, model, user_id, shareable, topic, time_ms, prompt, response FROM demonstrations
            WHERE {where} ORDER BY time_ms DESC, id DESC LIMIT $limit;
            """;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredDemonstration>();
        while (reader.Read())
        {
            rows.Add(new StoredDemonstration(
                reader.GetInt64(0),
                new ModelId(reader.GetString(1)),
                new UserId(reader.GetString(2)),
                reader.GetInt64(3) != 0,
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetString(6),
                reader.GetString(7)));
        }

        return rows;
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}

using System.Globalization;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;

// Usage: EdgeFM.Edge.DemoWriter STORE WRITER-NAME
// Records demonstrations "WRITER-NAME #i" forever in batches of 10; after each batch is committed (FlushAsync returned)
// prints "committed i" with the last index of the batch. The test kills the process with SIGKILL at a random moment.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: EdgeFM.Edge.DemoWriter STORE WRITER-NAME").ConfigureAwait(false);
    return 2;
}

await using var store = DemonstrationStore.Open(args[0]);
var model = new ModelId("stories260K");
var user = new UserId(args[1]);
for (var i = 0; ; i++)
{
    await store.RecordAsync(new StoredDemonstration(0, model, user, false, "durability", DateTimeOffset.UtcNow, $"{args[1]} #{i}", "response")).ConfigureAwait(false);
    if (i % 10 == 9)
    {
        await store.FlushAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {i}"));
        Console.Out.Flush();
    }
}

using EdgeFM.Edge.Evaluation;
using EdgeFM.Edge.Prompting;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests.Evaluation;

public sealed class PersonalizationTrainingTests
{
    private static readonly IReadOnlyList<PersonalizationItem> Items = PersonalizationDataset.Read(Path.Combine(SharedPaths.RepositoryRoot, "data", "netgpt", "personalization.jsonl"));

    private static PersonalizationEvaluation Evaluation(TimeProvider? time = null) =>
        new(EdgeModel.Stories260K, RepositoryData.Gazetteer, new PersonalizationEvaluationOptions { ModelLabel = "edge" }, time);

    [Fact]
    public void Training_examples_come_from_the_history_only_with_earlier_demonstrations_that_fit()
    {
        var history = Items.Where(i => Same(i.Split, "history")).OrderBy(i => i.Time).ToArray();
        var heldOut = Items.Where(i => Same(i.Split, "heldout")).ToArray();
        var examples = Evaluation().TrainingExamples(Items);

        Assert.InRange(examples.Count, history.Length - 10, history.Length);
        foreach (var example in examples)
        {
            // The prompt ends with the request; prompt's concise text + completion is that history item's reference.
            var blocks = example.Prompt.Split("\n\n");
            var request = blocks[^1];
            var concise = request[(request.LastIndexOf(PromptTemplate.CompletedLabel, StringComparison.Ordinal) + PromptTemplate.CompletedLabel.Length)..];
            var item = Assert.Single(history, i => Same(i.Reference, concise + example.Completion) && Same(PromptTemplate.FormatRequest(i.Prompt), request));
            Assert.InRange(blocks.Length - 1, 1, 3);

            // Each demonstration is an earlier history request of a user this one may learn from, never a held-out one.
            foreach (var block in blocks[..^1])
            {
                var shown = Assert.Single(history, h => Same(PromptTemplate.FormatDemonstration(h.Prompt, h.Reference), block + "\n\n") && h.Time < item.Time);
                Assert.True(Same(shown.User, item.User) || shown.Shareable);
            }

            Assert.DoesNotContain(heldOut, h => example.Prompt.Contains(h.Reference, StringComparison.Ordinal) || example.Completion.Contains(h.Reference, StringComparison.Ordinal));
            Assert.True(EdgeModel.Stories260K.Tokenizer!.Encode(example.Prompt + example.Completion, addBos: true).Length <= EdgeModel.Stories260K.Config.ContextLength);
        }
    }

    [Fact]
    public void Training_examples_without_demonstrations_are_the_bare_requests_and_the_oracle_is_refused()
    {
        var evaluation = Evaluation();
        var none = evaluation.TrainingExamples(Items, DemonstrationCondition.None);
        Assert.Equal(Items.Count(i => Same(i.Split, "history")), none.Count);
        Assert.All(none, e => Assert.DoesNotContain("\n\n", e.Prompt, StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.TrainingExamples(Items, DemonstrationCondition.Oracle));
    }

    [Fact]
    public void Mixed_training_examples_take_aoc_and_random_demonstrations_in_turn()
    {
        var evaluation = Evaluation();
        var aoc = evaluation.TrainingExamples(Items, DemonstrationCondition.AgeOfContext).ToDictionary(e => e.Completion, e => e.Prompt, StringComparer.Ordinal);
        var random = evaluation.TrainingExamples(Items, DemonstrationCondition.Random).ToDictionary(e => e.Completion, e => e.Prompt, StringComparer.Ordinal);
        var mixed = evaluation.TrainingExamples(Items, [DemonstrationCondition.AgeOfContext, DemonstrationCondition.Random]);

        // Each example is the AoC or the random one of its request, and both kinds are there in about equal numbers.
        var fromAoc = mixed.Count(e => Same(aoc.GetValueOrDefault(e.Completion, ""), e.Prompt));
        var fromRandom = mixed.Count(e => Same(random.GetValueOrDefault(e.Completion, ""), e.Prompt));
        Assert.All(mixed, e => Assert.True(Same(aoc.GetValueOrDefault(e.Completion, ""), e.Prompt) || Same(random.GetValueOrDefault(e.Completion, ""), e.Prompt)));
        Assert.InRange(fromAoc, mixed.Count / 2 - 5, mixed.Count);
        Assert.InRange(fromRandom, mixed.Count / 2 - 5, mixed.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.TrainingExamples(Items, []));
    }

    [Fact]
    public void Written_examples_are_prompt_completion_lines_finetune_reads()
    {
        var examples = Evaluation().TrainingExamples(Items).Take(5).ToArray();
        using var directory = new TempDirectory();
        var path = directory.File("train.jsonl");
        PersonalizationTrainingExample.Write(path, examples);
        var sequences = EdgeFM.Inference.Training.TrainingData.Load(path, EdgeModel.Stories260K.Tokenizer!, EdgeModel.Stories260K.Config.ContextLength);
        Assert.Equal(5, sequences.Count);
        Assert.All(sequences, s => Assert.InRange(s.TargetCount, 20, 200));
    }

    [Fact]
    public void The_edge_stage_benchmark_times_each_stage_with_the_injected_clock()
    {
        // One tick per timestamp read, 1,000 ticks a second: every stage reads two timestamps, so takes exactly 1 ms.
        var report = Evaluation(new SteppingClock()).BenchmarkEdgeStage(Items, requests: 4, warmup: 1);

        Assert.Equal(("edge", 4), (report.Model, report.Requests));
        Assert.Equal(new LatencySummary(1, 1, 1), report.Resolve);
        Assert.Equal(new LatencySummary(1, 1, 1), report.Select);
        Assert.Equal(new LatencySummary(1, 1, 1), report.Complete);
        Assert.Equal(new LatencySummary(1, 1, 1), report.Filter);
        Assert.Equal(new LatencySummary(4, 4, 4), report.Total);
        Assert.Equal(new LatencySummary(1, 1, 1), report.Baseline);
        Assert.Equal(4, report.MedianRatio);
        Assert.InRange(report.MeanPromptTokens, 100, 2048);
        Assert.InRange(report.AllocatedBytesPerRequest, 1, 64 << 20);
        Assert.Contains("| **edge stage total** | 4.00 | 4.00 | 4.00 |", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_summary_uses_nearest_rank_percentiles()
    {
        var values = Enumerable.Range(1, 200).Select(i => (double)i).ToArray();
        Assert.Equal(new LatencySummary(100, 198, 100.5), LatencySummary.Of(values));
        Assert.Equal(new LatencySummary(7, 7, 7), LatencySummary.Of([7]));
        Assert.True(double.IsNaN(LatencySummary.Of([]).P50));
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => ++_ticks;
    }
}

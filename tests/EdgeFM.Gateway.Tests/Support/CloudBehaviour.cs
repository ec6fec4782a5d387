namespace EdgeFM.Gateway.Tests.Support;

/// <summary>What the fake cloud does with each chat completion request.</summary>
public enum CloudBehaviour
{
    /// <summary>Streams "cloud says hi" as OpenAI chunks, a usage chunk and <c>data: [DONE]</c>.</summary>
    Healthy,

    /// <summary>Answers 500 with an OpenAI error body.</summary>
    Failing,

    /// <summary>Waits 5 s before answering.</summary>
    Slow,

    /// <summary>Accepts the request and never answers (no status line) until the caller goes away.</summary>
    HangAfterAccept,

    /// <summary>Sends the headers and the first chunk, then nothing until the caller goes away.</summary>
    HangAfterFirstChunk,

    /// <summary>Sends one chunk and half of the next event, then ends the response cleanly (no finish reason, no [DONE]).</summary>
    BreakMidEvent,

    /// <summary>Sends one chunk, then resets the connection.</summary>
    ResetMidStream,

    /// <summary>Answers 200 with an HTML page.</summary>
    NotJson,

    /// <summary>Answers <see cref="FakeCloudServer.RejectStatus"/> (404 unless set) with an OpenAI error body naming the model.</summary>
    Rejects,
}

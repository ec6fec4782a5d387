namespace EdgeFM.Inference.Chat;

/// <summary>Names of the built-in chat templates.</summary>
public static class ChatTemplateNames
{
    /// <summary>Llama 2 chat: <c>[INST] &lt;&lt;SYS&gt;&gt;…&lt;&lt;/SYS&gt;&gt; … [/INST]</c>.</summary>
    public const string Llama2 = "llama2";

    /// <summary>ChatML: <c>&lt;|im_start|&gt;role\n…&lt;|im_end|&gt;</c> (Qwen, many fine-tunes).</summary>
    public const string ChatML = "chatml";

    /// <summary>Llama 3: <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n…&lt;|eot_id|&gt;</c>.</summary>
    public const string Llama3 = "llama3";

    /// <summary>Zephyr: <c>&lt;|user|&gt;\n…&lt;/s&gt;\n&lt;|assistant|&gt;\n</c>.</summary>
    public const string Zephyr = "zephyr";

    /// <summary>The plain fallback for models without a template: <c>System: …\n\nUser: …\n\nAssistant:</c>.</summary>
    public const string Plain = "plain";
}

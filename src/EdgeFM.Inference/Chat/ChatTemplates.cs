namespace EdgeFM.Inference.Chat;

/// <summary>The built-in chat templates and their detection from a GGUF Jinja template.</summary>
public static class ChatTemplates
{
    /// <summary>Every built-in template.</summary>
    public static IReadOnlyList<IChatTemplate> All { get; } =
        [new Llama2ChatTemplate(), new ChatMLTemplate(), new Llama3ChatTemplate(), new ZephyrChatTemplate(), new PlainChatTemplate()];

    /// <summary>
    /// The template a Jinja template text corresponds to, recognized by its markers (<c>&lt;|start_header_id|&gt;</c>:
    /// llama3, <c>&lt;|im_start|&gt;</c>: chatml, <c>[INST]</c>: llama2, <c>&lt;|user|&gt;</c>: zephyr); the plain template
    /// when <paramref name="jinjaTemplate"/> is null or unrecognized.
    /// </summary>
    public static IChatTemplate Detect(string? jinjaTemplate)
    {
        if (string.IsNullOrEmpty(jinjaTemplate))
        {
            return Get(ChatTemplateNames.Plain);
        }

        if (jinjaTemplate.Contains("<|start_header_id|>", StringComparison.Ordinal))
        {
            return Get(ChatTemplateNames.Llama3);
        }

        if (jinjaTemplate.Contains("<|im_start|>", StringComparison.Ordinal))
        {
            return Get(ChatTemplateNames.ChatML);
        }

        if (jinjaTemplate.Contains("[INST]", StringComparison.Ordinal))
        {
            return Get(ChatTemplateNames.Llama2);
        }

        return Get(jinjaTemplate.Contains("<|user|>", StringComparison.Ordinal) ? ChatTemplateNames.Zephyr : ChatTemplateNames.Plain);
    }

    /// <summary>The template called <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static IChatTemplate Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown chat template '{name}' (known: {string.Join(", ", All.Select(t => t.Name))}).", nameof(name));
}

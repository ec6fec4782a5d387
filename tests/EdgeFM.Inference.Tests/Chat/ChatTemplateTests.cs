using EdgeFM.Inference.Chat;
using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Tests.Chat;

public sealed class ChatTemplateTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "Be brief."),
        new(ChatRole.User, "Hi"),
        new(ChatRole.Assistant, "Hello!"),
        new(ChatRole.User, "Name a colour."),
    ];

    [Theory]
    [InlineData("{% for message in messages %}<|start_header_id|>{{ message['role'] }}<|end_header_id|>", ChatTemplateNames.Llama3)]
    [InlineData("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n'}}", ChatTemplateNames.ChatML)]
    [InlineData("{{ bos_token + '[INST] ' + content + ' [/INST]' }}", ChatTemplateNames.Llama2)]
    [InlineData("{% if message['role'] == 'user' %}{{ '<|user|>\n' + message['content'] + eos_token }}", ChatTemplateNames.Zephyr)]
    [InlineData("{{ something else }}", ChatTemplateNames.Plain)]
    [InlineData(null, ChatTemplateNames.Plain)]
    public void Detects_the_template_from_its_markers(string? jinja, string expected) =>
        Assert.Equal(expected, ChatTemplates.Detect(jinja).Name);

    [Fact]
    public void Llama2_puts_the_system_prompt_in_the_first_turn_and_closes_answered_turns()
    {
        var text = Join(new Llama2ChatTemplate().Render(Conversation));

        Assert.Equal("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]| Hello! |{</s>}|{<s>}|[INST] Name a colour. [/INST]", text);
    }

    [Fact]
    public void ChatML_wraps_each_message_and_opens_the_assistant_turn()
    {
        var text = Join(new ChatMLTemplate().Render(Conversation[..2]));

        Assert.Equal("{<|im_start|>}|system\nBe brief.|{<|im_end|>}|\n|{<|im_start|>}|user\nHi|{<|im_end|>}|\n|{<|im_start|>}|assistant\n", text);
    }

    [Fact]
    public void Llama3_uses_headers_and_end_of_turn_tokens()
    {
        var text = Join(new Llama3ChatTemplate().Render(Conversation[1..2]));

        Assert.Equal("{<|start_header_id|>}|user|{<|end_header_id|>}|\n\n|Hi|{<|eot_id|>}|{<|start_header_id|>}|assistant|{<|end_header_id|>}|\n\n", text);
    }

    [Fact]
    public void Zephyr_and_plain_render_roles_as_text()
    {
        Assert.Equal("<|user|>\nHi|{</s>}|\n|<|assistant|>\n", Join(new ZephyrChatTemplate().Render(Conversation[1..2])));
        Assert.Equal("System: Be brief.\n\nUser: Hi\n\nAssistant:", Join(new PlainChatTemplate().Render(Conversation[..2])));
    }

    [Fact]
    public void Unknown_template_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatTemplates.Get("alpaca"));

        Assert.Contains("chatml", error.Message, StringComparison.Ordinal);
    }

    private static string Join(IReadOnlyList<ChatSegment> segments) =>
        string.Join("|", segments.Select(s => s.IsSpecialToken ? "{" + s.Text + "}" : s.Text));
}

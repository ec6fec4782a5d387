namespace EdgeFM.Inference.Tokenization;

/// <summary>A span of input text: raw text to tokenize (<see cref="TokenId"/> -1) or a whole user-defined token.</summary>
internal readonly record struct TextFragment(int Start, int Length, int TokenId);

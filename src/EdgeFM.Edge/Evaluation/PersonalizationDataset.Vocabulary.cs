namespace EdgeFM.Edge.Evaluation;

public static partial class PersonalizationDataset
{
    private const int Users = 12;

    private static readonly string[] Cities =
    [
        "Paris", "London", "Berlin", "Madrid", "Rome", "Tokyo", "Sydney", "New York", "Chicago", "Toronto", "Mexico City",
        "Sao Paulo", "Buenos Aires", "Cairo", "Nairobi", "Lagos", "Mumbai", "Singapore", "Seoul", "Bangkok", "Istanbul",
        "Moscow", "Cape Town", "Auckland", "Reykjavik", "Honolulu", "Suva", "Anchorage", "Apia", "Tromso",
    ];

    private static readonly string[] TopicNames = ["food", "transport", "events", "weather", "shopping", "health"];

    private static readonly string[][] TopicPrompts =
    [
        ["Where can I eat tonight?", "Find me a good lunch spot.", "Suggest a cafe for breakfast.", "Where can I get dessert?", "Recommend a dinner place."],
        ["How do I get to the airport?", "What is the best way downtown?", "Where can I rent a bike?", "How late does the metro run?", "Find me a taxi."],
        ["What is happening this evening?", "Any concerts this weekend?", "Suggest something fun to do.", "Are there museums open now?", "Find a sports event."],
        ["Should I take an umbrella?", "What should I wear today?", "Is it a good day for a walk?", "Will it be cold tonight?", "Is it beach weather?"],
        ["Where can I buy a phone charger?", "Find a pharmacy.", "Where is a bookshop?", "Where can I buy groceries?", "Find a souvenir shop."],
        ["Find a doctor nearby.", "Where is the nearest hospital?", "I need a dentist.", "Find a gym.", "Where can I get a flu shot?"],
    ];

    // What each user says after the place: who they are and how they travel.
    private static readonly string[] PlaceHabits =
    [
        ", travelling with my children", ", using a wheelchair", ", on a tight budget", ", with my dog", ", on my bicycle",
        ", as a first-time visitor", ", with my elderly mother", ", on a business trip", ", as a vegetarian",
        ", with a baby stroller", ", as a student", ", after a long flight",
    ];

    // What each user says after the time, per topic: their preference in that topic.
    private static readonly string[][] TopicHabits =
    [
        [" and I like spicy food", " and I avoid gluten", " and I want something cheap", " and I love seafood", " and I only eat vegetarian food"],
        [" and I hate crowded trains", " and I prefer walking", " and I have heavy luggage", " and I like scenic routes", " and I want the fastest option"],
        [" and I enjoy live music", " and I prefer quiet places", " and I like modern art", " and I follow football", " and I want something for kids"],
        [" and I get cold easily", " and I burn in the sun", " and I like long walks", " and I carry a small bag", " and I dislike rain"],
        [" and I pay by card", " and I want a small shop", " and I like local products", " and I need it open late", " and I compare prices"],
        [" and I speak only English", " and I have no insurance here", " and I prefer a female doctor", " and I need step-free access", " and I want the shortest wait"],
    ];
}

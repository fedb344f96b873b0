// Long because every matching rule of the analyser has its test beside the others.
// Comment analysis, piece by piece: words and case folding, the stemmers (Snowball, Voikko
// with compounds, our Ukrainian rules), lexicon files and every kind of error in them, and the
// matching rules (themes, phrases, prefixes, negation, clauses, mixed) on small lexicons made
// for each case, so that each rule is seen on its own.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sync/hub/analytics/text/comment_analyser.h"
#include "sync/hub/analytics/text/lexicon.h"
#include "sync/hub/analytics/text/normaliser.h"
#include "sync/hub/analytics/text/ukrainian_stemmer.h"
#include "sync/hub/analytics/text/words.h"

namespace text = fbk::sync::hub::text;

namespace {

std::vector<std::string> keys_of(text::Normaliser& n, const std::string& word) {
    std::vector<std::string> out;
    for (const text::Key& k : n.word_keys(word)) {
        out.push_back(k.text);
    }
    return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

text::LexiconSet lexicon(std::string_view file, std::string_view json) {
    text::LexiconSet set;
    text::read_lexicon_text(file, json, set);
    text::check_across_files(set);
    return set;
}

std::vector<std::string> problems(std::string_view file, std::string_view json) {
    std::vector<std::string> out;
    for (const auto& issue : lexicon(file, json).issues) {
        out.push_back(issue.message());
    }
    return out;
}

std::string themes_of(const text::CommentAnalysis& a) {
    std::string out;
    for (const text::Theme t : a.themes) {
        out += (out.empty() ? "" : " ") + std::string(text::to_string(t));
    }
    return out;
}

std::string sentiment_of(const text::CommentAnalysis& a) {
    return a.sentiment ? std::string(text::to_string(*a.sentiment)) : "none";
}

}  // namespace

TEST_CASE("words: lowercased, folded, apostrophes kept inside, clauses at punctuation") {
    const auto words =
        text::split_words("Väntade LÄNGE, men personalen var trevlig! Didn't \"care\" :)");
    REQUIRE(words.size() == 9);
    CHECK(words[0].lower == "väntade");
    CHECK(words[0].folded == "vantade");
    CHECK(words[1].lower == "länge");
    CHECK(words[2].clause == words[1].clause + 1);  // the comma
    CHECK(words[6].lower == "didn't");
    CHECK(words[7].lower == "care");
    CHECK(words[8].polarity == 1);  // the smiley
    CHECK(words[8].lower.empty());
    CHECK(text::lowercase("ЧЕРГА Ґанок ÆØÅ Ł") == "черга ґанок æøå ł");
    CHECK(text::fold_diacritics("ætt ølle å ß") == "aett olle a ss");
    // Offsets are bytes of the text, for highlighting.
    const auto cyr = text::split_words("Дуже довго");
    REQUIRE(cyr.size() == 2);
    CHECK(cyr[1].offset == 9);
    CHECK(cyr[1].length == 10);
}

TEST_CASE("Snowball: inflected forms of sv, da, nl, en and ru meet their dictionary form") {
    const auto same = [](std::string_view language, const std::string& a, const std::string& b) {
        auto n = text::make_normaliser(language);
        REQUIRE(n);
        CHECK_MESSAGE(keys_of(*n, a) == n->entry_keys(b), a, " / ", b);
    };
    same("sv", "väntade", "vänta");
    same("sv", "personalen", "personal");
    same("da", "ventetiden", "ventetid");
    same("da", "sygeplejersken", "sygeplejerske");
    same("nl", "wachtten", "wachten");
    same("en", "waited", "wait");
    same("en", "nurses", "nurse");
    same("ru", "очереди", "очередь");
    CHECK(text::make_normaliser("xx") == nullptr);
}

TEST_CASE("Voikko: Finnish inflections and compounds find their base words") {
    auto fi = text::make_normaliser("fi");
    REQUIRE(fi);
    const auto er = keys_of(*fi, "päivystyspoliklinikalla");
    CHECK(has(er, "päivystyspoliklinikka"));
    CHECK(has(er, "poliklinikka"));
    CHECK(has(er, "päivystys"));
    const auto wait = keys_of(*fi, "odotusajasta");
    CHECK(has(wait, "odotusaika"));
    CHECK(has(wait, "odotus"));
    CHECK(has(wait, "odottaa"));
    CHECK(has(keys_of(*fi, "jonotin"), "jonottaa"));
    CHECK(has(keys_of(*fi, "jonossa"), "jono"));
    CHECK(has(keys_of(*fi, "hoitajat"), "hoitaja"));
    // The head of a compound decides its sentiment; parts and roots do not.
    const auto& unfriendly = fi->word_keys("epäystävällinen");
    for (const text::Key& k : unfriendly) {
        CHECK_MESSAGE(!(k.whole && k.text == "ystävä"), "a part must not count as the word");
    }
    // A word Voikko does not know gets a Snowball stem, marked so it only meets stems.
    const auto spoken = keys_of(*fi, "ootettiin");
    REQUIRE(spoken.size() == 1);
    CHECK(spoken.front().starts_with("~"));
}

TEST_CASE("Ukrainian: one ending off, cases and tenses of a word meet") {
    for (const char* w : {"черга", "черги", "чергу", "чергою"}) {
        CHECK_MESSAGE(text::stem_ukrainian(w) == "черг", w);
    }
    for (const char* w : {"чекати", "чекали", "чекав", "чекала", "чекаємо", "чекають"}) {
        CHECK_MESSAGE(text::stem_ukrainian(w) == "чек", w);
    }
    for (const char* w : {"лікар", "лікаря", "лікарю", "лікарем", "лікарі", "лікарів"}) {
        CHECK_MESSAGE(text::stem_ukrainian(w) == "лікар", w);
    }
    for (const char* w : {"грубий", "груба", "грубо", "грубі", "грубого", "грубою"}) {
        CHECK_MESSAGE(text::stem_ukrainian(w) == "груб", w);
    }
    CHECK(text::stem_ukrainian("сподобалося") == text::stem_ukrainian("сподобалось"));
    // Short words keep their endings: pronouns must not meet content words.
    CHECK(text::stem_ukrainian("їжа") == "їжа");
    CHECK(text::stem_ukrainian("вона") != text::stem_ukrainian("воняє"));
    CHECK(text::stem_ukrainian("мені") != text::stem_ukrainian("меню"));
    CHECK(text::stem_ukrainian("біля") != text::stem_ukrainian("біль"));
    CHECK(text::stem_ukrainian("queue") == "queue");
    // Alternations are not undone: lexicons list those forms (assets/README.md).
    CHECK(text::stem_ukrainian("черзі") != "черг");
}

TEST_CASE("lexicon files: every problem names the file, the entry and what is wrong") {
    REQUIRE(problems("fi.json", "{").size() == 1);
    CHECK(problems("fi.json", "{").front().starts_with("fi.json: not valid JSON"));
    CHECK(problems("fi.json", R"({"language": "sv"})") ==
          std::vector<std::string>{
              "fi.json: language: 'sv' does not match the file's name (fi.json)"});
    CHECK(problems("xx.json", R"({"language": "xx"})").front() ==
          "xx.json: language: 'xx' has no stemmer here (fi, sv, da, nl, en, uk, ru)");
    CHECK(problems("en.json", R"({"language": "en", "themes": {"parkin": ["car park"]}})") ==
          std::vector<std::string>{
              "en.json: themes.parkin: 'parkin' is not a theme (waiting, staff, information, "
              "care, cleanliness, facilities, parking, booking, food)"});
    CHECK(problems("en.json", R"({"language": "en", "positive": ["Great"]})") ==
          std::vector<std::string>{"en.json: positive[0]: 'Great' must be lowercase ('great')"});
    CHECK(problems("en.json", R"({"language": "en", "positive": ["gr*"]})") ==
          std::vector<std::string>{
              "en.json: positive[0]: 'gr*': a prefix needs at least 3 letters before the *"});
    CHECK(problems("en.json", R"({"language": "en", "positive": ["very gre*"]})").front() ==
          "en.json: positive[0]: 'very gre*': a prefix (ending in *) must be a whole entry of "
          "one word");
    CHECK(problems("en.json", R"({"language": "en", "negative": ["rude", "slow", "rude"]})") ==
          std::vector<std::string>{"en.json: negative[2]: 'rude' is repeated (also negative[0])"});
    CHECK(problems("en.json", R"({"language": "en", "negative": ["long  wait"]})").front() ==
          "en.json: negative[0]: 'long  wait' has a space too many (words are separated by one "
          "space)");
    CHECK(problems("en.json", R"({"language": "en", "negative": ["a b c d e"]})").front() ==
          "en.json: negative[0]: 'a b c d e' has more than 4 words");
    CHECK(problems("en.json", R"({"language": "en", "negative": ["wait!"]})").front() ==
          "en.json: negative[0]: 'wait!' is not a word: letters, digits and apostrophes inside a "
          "word only");
    CHECK(problems("en.json", R"({"language": "en", "negators": ["not at all"]})").front() ==
          "en.json: negators[0]: 'not at all' must be a single word");
    CHECK(problems("en.json", R"({"language": "en", "negative": [7]})") ==
          std::vector<std::string>{"en.json: negative[0]: must be a string"});
    CHECK(problems("en.json", R"({"language": "en", "sentiment": []})").front() ==
          "en.json: sentiment: is not a lexicon key (language, description, negators, "
          "negators_after, absence, contrast, concession, minutes, suggestion, themes, "
          "context, positive, negative, neutral)");
    CHECK(problems("en.json", R"({"language": "en", "context": {"staf": ["nurse"]}})").front() ==
          "en.json: context.staf: 'staf' is not a theme (waiting, staff, information, care, "
          "cleanliness, facilities, parking, booking, food)");
    CHECK(
        problems("en.json", R"({"language": "en", "context": {"staff": ["Nurse"]}})") ==
        std::vector<std::string>{"en.json: context.staff[0]: 'Nurse' must be lowercase ('nurse')"});
    CHECK(problems("en.json", R"({"language": "en", "context": []})").front() ==
          "en.json: context: must be an object of theme lists");
    CHECK(
        problems("en.json", R"({"language": "en", "positive": ["fine"], "negative": ["fine"]})") ==
        std::vector<std::string>{
            "en.json: negative[0]: 'fine' is also positive (en.json: positive[0])"});
    CHECK(problems("en.json", R"({"language": "en", "positive": ["fine"]})").empty());
}

TEST_CASE("the analyser refuses lexicons with problems, naming every one") {
    auto set = lexicon("en.json", R"({"language": "en", "positive": ["Good", "ok", "ok"]})");
    try {
        text::CommentAnalyser analyser(set);
        FAIL("accepted a lexicon with problems");
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        CHECK(message.find("2 problems") != std::string::npos);
        CHECK(message.find("en.json: positive[0]") != std::string::npos);
        CHECK(message.find("en.json: positive[2]") != std::string::npos);
    }
}

TEST_CASE("themes: stems, compounds, prefixes and phrases, with the words that gave them") {
    text::CommentAnalyser fi(lexicon("fi.json", R"({"language": "fi",
        "themes": {"waiting": ["odotus", "jonottaa"], "facilities": ["poliklinikka"],
                   "parking": ["parkki*"], "food": ["kahvi automaatti"]}})"));
    const std::string comment = "Odotusajasta ja jonotin päivystyspoliklinikalla, parkkihalli ok";
    const auto a = fi.analyse(comment, "fi");
    CHECK(themes_of(a) == "waiting facilities parking");
    REQUIRE(!a.matches.empty());
    CHECK(comment.substr(a.matches[0].offset, a.matches[0].length) == "Odotusajasta");
    CHECK(themes_of(fi.analyse("Kahvi automaatti oli rikki", "fi")) == "food");
    CHECK(
        themes_of(fi.analyse("Kahvi oli hyvää. Automaatti rikki", "fi")).empty());  // not in a row
    // Another language's comment is not read with this lexicon.
    const auto other = fi.analyse("Odotusajasta", "sv");
    CHECK(other.themes.empty());
    CHECK(!other.sentiment);
}

TEST_CASE("diacritics: a word typed without them still matches") {
    text::CommentAnalyser sv(
        lexicon("sv.json", R"({"language": "sv", "themes": {"waiting": ["väntetid", "kö"]}})"));
    CHECK(themes_of(sv.analyse("vantetiden var lang", "sv")) == "waiting");
    text::CommentAnalyser fi(
        lexicon("fi.json", R"({"language": "fi", "positive": ["ystävällinen"]})"));
    CHECK(sentiment_of(fi.analyse("hoitaja oli ystavallinen", "fi")) == "positive");
}

TEST_CASE("negation flips what follows within three words of its clause, never across") {
    text::CommentAnalyser fi(lexicon("fi.json", R"({"language": "fi",
        "negators": ["ei", "en"], "contrast": ["mutta"],
        "positive": ["ystävällinen"], "negative": ["odottaa", "töykeä"]})"));
    CHECK(sentiment_of(fi.analyse("Ei tarvinnut odottaa", "fi")) == "positive");
    CHECK(sentiment_of(fi.analyse("Odotin kaksi tuntia", "fi")) == "negative");
    CHECK(sentiment_of(fi.analyse("Hoitaja ei ollut yhtään töykeä", "fi")) == "positive");
    CHECK(sentiment_of(fi.analyse("Hoitaja ei ollut ystävällinen", "fi")) == "negative");
    // Four words away: too far.
    CHECK(sentiment_of(fi.analyse("En tiedä miksi minun piti odottaa", "fi")) == "negative");
    // A full stop or "mutta" ends the negator's reach.
    CHECK(sentiment_of(fi.analyse("Ei. Odotin", "fi")) == "negative");
    CHECK(sentiment_of(fi.analyse("Ei mutta odotin", "fi")) == "negative");

    text::CommentAnalyser sv(lexicon("sv.json", R"({"language": "sv",
        "negators": ["inte"], "negative": ["otrevlig"]})"));
    CHECK(sentiment_of(sv.analyse("Personalen var inte otrevlig", "sv")) == "positive");
    text::CommentAnalyser en(lexicon("en.json", R"({"language": "en",
        "negators": ["not", "didn't"], "positive": ["short wait"],
        "negative": ["rude", "wait"]})"));
    CHECK(sentiment_of(en.analyse("The nurse was not rude at all", "en")) == "positive");
    CHECK(sentiment_of(en.analyse("I didn't wait", "en")) == "positive");
    // A phrase counts once, over its words.
    CHECK(sentiment_of(en.analyse("a short wait", "en")) == "positive");
    CHECK(sentiment_of(en.analyse("a wait", "en")) == "negative");
}

TEST_CASE("negation after the verb, as Swedish, Danish and Dutch put it") {
    text::CommentAnalyser sv(lexicon("sv.json", R"({"language": "sv",
        "negators": ["inte"], "negators_after": ["inte"], "positive": ["lyssna", "trevlig"]})"));
    CHECK(sentiment_of(sv.analyse("De lyssnade inte", "sv")) == "negative");
    CHECK(sentiment_of(sv.analyse("De lyssnade", "sv")) == "positive");
    CHECK(sentiment_of(sv.analyse("Inte trevlig", "sv")) == "negative");
    // Only the words the lexicon names reach back: "inte" of another lexicon would not.
    text::CommentAnalyser fi(lexicon("fi.json", R"({"language": "fi",
        "negators": ["eikä"], "positive": ["taitava"], "negative": ["sattua"]})"));
    CHECK(sentiment_of(fi.analyse("Taitava eikä sattunut", "fi")) == "positive");
}

TEST_CASE("absence words: a complaint alone, a negator before a sentiment, spent in a phrase") {
    text::CommentAnalyser sv(lexicon("sv.json", R"({"language": "sv",
        "absence": ["ingen", "inget"], "negative": ["otrevlig"],
        "positive": ["trevlig", "ingen stress"], "neutral": ["inget att tillägga"]})"));
    CHECK(sentiment_of(sv.analyse("Ingen tolk fanns", "sv")) == "negative");
    CHECK(sentiment_of(sv.analyse("Ingen var otrevlig", "sv")) == "positive");
    CHECK(sentiment_of(sv.analyse("Ingen stress och trevlig personal", "sv")) == "positive");
    CHECK(sentiment_of(sv.analyse("Inget att tillägga", "sv")) == "neutral");
    // Negative concord: "eikä kukaan" is still nobody.
    text::CommentAnalyser fi(lexicon("fi.json", R"({"language": "fi",
        "negators": ["ei", "eikä"], "absence": ["kukaan"]})"));
    CHECK(sentiment_of(fi.analyse("eikä kukaan tullut", "fi")) == "negative");
}

TEST_CASE("Finnish: a participle is its verb, so negative verb forms are read") {
    text::CommentAnalyser fi(lexicon("fi.json", R"({"language": "fi",
        "negators": ["en"], "positive": ["ymmärtää"]})"));
    CHECK(sentiment_of(fi.analyse("En ymmärtänyt mitään", "fi")) == "negative");
    CHECK(sentiment_of(fi.analyse("Ymmärsin kaiken", "fi")) == "positive");
}

TEST_CASE("a phrase or a compound listed whole covers the words in it") {
    text::CommentAnalyser en(lexicon("en.json", R"({"language": "en",
        "themes": {"waiting": ["wait"], "facilities": ["waiting room"]},
        "negative": ["wait"], "neutral": ["waiting room", "would be good"],
        "positive": ["good"]})"));
    const auto room = en.analyse("The waiting room was bright", "en");
    CHECK(themes_of(room) == "facilities");
    CHECK(sentiment_of(room) == "neutral");
    CHECK(sentiment_of(en.analyse("A water tap would be good", "en")) == "neutral");
    CHECK(sentiment_of(en.analyse("Good", "en")) == "positive");
    text::CommentAnalyser fi(lexicon("fi.json", R"({"language": "fi",
        "themes": {"waiting": ["odotus"], "facilities": ["odotustila"]}})"));
    CHECK(themes_of(fi.analyse("Odotustilassa oli kylmä", "fi")) == "facilities");
    CHECK(themes_of(fi.analyse("Odotusajasta ei kerrottu", "fi")) == "waiting");
}

TEST_CASE("themes: a context entry counts only in a clause that says something of its own") {
    text::CommentAnalyser en(lexicon("en.json", R"({"language": "en",
        "themes": {"care": ["blood"], "cleanliness": ["dirty"]},
        "context": {"staff": ["nurse"], "facilities": ["waiting room"]},
        "positive": ["lovely"], "negative": ["dirty"], "absence": ["nobody"]})"));
    CHECK(themes_of(en.analyse("Lovely nurse", "en")) == "staff");
    CHECK(themes_of(en.analyse("The nurse took blood", "en")) == "care");  // a theme of its own
    CHECK(themes_of(en.analyse("The nurse took blood, lovely", "en")) == "care");  // another clause
    CHECK(themes_of(en.analyse("I saw a nurse", "en")).empty());                   // nothing said
    CHECK(themes_of(en.analyse("The waiting room was dirty", "en")) == "cleanliness");
    CHECK(themes_of(en.analyse("Nobody came to the waiting room", "en")) == "facilities");
    // A wish names what it is about.
    text::CommentAnalyser wish(lexicon("en.json", R"({"language": "en",
        "context": {"facilities": ["waiting room"]}, "suggestion": ["could you"]})"));
    CHECK(themes_of(wish.analyse("Could you put toys in the waiting room?", "en")) == "facilities");
    CHECK(themes_of(wish.analyse("Toys in the waiting room", "en")).empty());
    const auto a = en.analyse("Blood, then a lovely nurse", "en");
    CHECK(themes_of(a) == "staff care");
    REQUIRE(a.matches.size() == 2);
    CHECK(a.matches[1].offset == std::string("Blood, then a lovely ").size());
}

TEST_CASE("sentiment: nothing found is neutral, both signs are mixed, emoticons count") {
    text::CommentAnalyser en(lexicon("en.json", R"({"language": "en",
        "positive": ["friendly"], "negative": ["slow"]})"));
    CHECK(sentiment_of(en.analyse("We came by bus", "en")) == "neutral");
    CHECK(sentiment_of(en.analyse("Friendly but slow", "en")) == "mixed");
    CHECK(sentiment_of(en.analyse("Friendly", "en")) == "positive");
    CHECK(sentiment_of(en.analyse(":(", "en")) == "negative");
    CHECK(sentiment_of(en.analyse("Slow 🙂", "en")) == "mixed");
    // A negated complaint is no praise: beside a complaint it does not make a comment mixed.
    text::CommentAnalyser neg(lexicon("en.json", R"({"language": "en",
        "negators": ["not"], "negative": ["rude", "slow"]})"));
    CHECK(sentiment_of(neg.analyse("Not rude", "en")) == "positive");
    CHECK(sentiment_of(neg.analyse("Not rude, just slow", "en")) == "negative");
}

TEST_CASE("comment sentiment: a contrast after praise is a complaint without a word of its own") {
    text::CommentAnalyser en(lexicon("en.json", R"({"language": "en",
        "contrast": ["but"], "suggestion": ["could you"],
        "themes": {"booking": ["letter"], "food": ["portion"]}, "context": {"staff": ["nurse"]},
        "positive": ["easy", "good"], "negative": ["late"]})"));
    CHECK(sentiment_of(en.analyse("Booking was easy, but the letter said another time", "en")) ==
          "mixed");
    CHECK(sentiment_of(en.analyse("Good, but the nurse said otherwise", "en")) == "mixed");
    // Only when the contrast clause is about something and says nothing itself.
    CHECK(sentiment_of(en.analyse("Booking was easy, but then again", "en")) == "positive");
    CHECK(sentiment_of(en.analyse("Easy, but the letter was late", "en")) == "mixed");
    // Not after a complaint, nor in another sentence, nor in a wish.
    CHECK(sentiment_of(en.analyse("The letter was late but the portion was big", "en")) ==
          "negative");
    CHECK(sentiment_of(en.analyse("Easy. But the letter", "en")) == "positive");
    CHECK(sentiment_of(en.analyse("Easy. Could you add a letter but with a portion", "en")) ==
          "positive");
    // A concession starts a clause too, but names the obstacle: no complaint.
    text::CommentAnalyser sv(lexicon("sv.json", R"({"language": "sv",
        "contrast": ["men"], "concession": ["fast"], "themes": {"waiting": ["akut"]},
        "positive": ["snabb"], "negative": ["långsam"], "negators": ["inte"]})"));
    CHECK(sentiment_of(sv.analyse("Snabb in fast akuten var full", "sv")) == "positive");
    CHECK(sentiment_of(sv.analyse("Snabb in men akuten var full", "sv")) == "mixed");
    // Nor after a negated complaint alone: "not slow" is too faint to turn from.
    CHECK(sentiment_of(sv.analyse("Inte långsam men akuten var full", "sv")) == "positive");
}

TEST_CASE("comment sentiment: a wait of a few minutes is no complaint") {
    text::CommentAnalyser en(lexicon("en.json", R"({"language": "en",
        "minutes": ["min", "minutes"], "themes": {"waiting": ["wait"]},
        "negative": ["wait", "cold"], "positive": ["quick"]})"));
    CHECK(sentiment_of(en.analyse("We waited 10 minutes", "en")) == "neutral");
    CHECK(sentiment_of(en.analyse("waited 5min, quick", "en")) == "positive");
    CHECK(sentiment_of(en.analyse("waited 15 min and the room was cold", "en")) == "negative");
    // Longer, hours, or in another clause: still a wait.
    CHECK(sentiment_of(en.analyse("We waited 40 minutes", "en")) == "negative");
    CHECK(sentiment_of(en.analyse("We waited 2 hours", "en")) == "negative");
    CHECK(sentiment_of(en.analyse("We waited. 10 minutes later, quick", "en")) == "mixed");
    text::CommentAnalyser uk(lexicon("uk.json", R"({"language": "uk",
        "minutes": ["хвилин"], "themes": {"waiting": ["чекали"]}, "negative": ["чекали"]})"));
    CHECK(sentiment_of(uk.analyse("чекали хвилин 10", "uk")) == "neutral");
}

TEST_CASE("the fingerprint changes with any entry, so stale analyses can be found") {
    const auto a =
        text::CommentAnalyser(lexicon("en.json", R"({"language": "en", "positive": ["good"]})"));
    const auto b =
        text::CommentAnalyser(lexicon("en.json", R"({"language": "en", "positive": ["good"]})"));
    const auto c =
        text::CommentAnalyser(lexicon("en.json", R"({"language": "en", "positive": ["fine"]})"));
    CHECK(a.fingerprint() == b.fingerprint());
    CHECK(a.fingerprint() != c.fingerprint());
    CHECK(a.fingerprint().size() == 16);
}

#include "sync/hub/alerts/email_text.h"

#include <array>

namespace fbk::sync::hub::alerts {

namespace {

// clang-format off
constexpr std::array<EmailText, 6> kTexts = {{
    {"en", "More negative ratings than usual", "A comment to look at", "A kiosk needs attention",
     "Stage", "Recently", "Before", "Matched", "Kiosk", "Alarm", "Comment", "Event"},
    {"fi", "Tavallista enemmän kielteisiä arvioita", "Kommentti tarkistettavaksi",
     "Kioski tarvitsee huomiota",
     "Vaihe", "Viime aikoina", "Aiemmin", "Osumat", "Kioski", "Hälytys", "Kommentti", "Tapahtuma"},
    {"sv", "Fler negativa omdömen än vanligt", "En kommentar att titta på",
     "En kiosk behöver tillsyn",
     "Steg", "Nyligen", "Tidigare", "Träffar", "Kiosk", "Larm", "Kommentar", "Händelse"},
    {"da", "Flere negative vurderinger end normalt", "En kommentar at se på",
     "En kiosk kræver opmærksomhed",
     "Trin", "For nylig", "Før", "Fund", "Kiosk", "Alarm", "Kommentar", "Hændelse"},
    {"nl", "Meer negatieve beoordelingen dan gewoonlijk", "Een opmerking om te bekijken",
     "Een kiosk vraagt aandacht",
     "Fase", "Recent", "Eerder", "Gevonden", "Kiosk", "Alarm", "Opmerking", "Gebeurtenis"},
    {"uk", "Більше негативних оцінок, ніж зазвичай", "Коментар, який варто переглянути",
     "Кіоск потребує уваги",
     "Етап", "Нещодавно", "Раніше", "Збіги", "Кіоск", "Тривога", "Коментар", "Подія"},
}};
// clang-format on

}  // namespace

const EmailText* email_text(std::string_view language) {
    for (const EmailText& t : kTexts) {
        if (t.language == language) {
            return &t;
        }
    }
    return nullptr;
}

std::string_view email_text_languages() {
    return "en, fi, sv, da, nl, uk";
}

}  // namespace fbk::sync::hub::alerts

// A light stemmer for Ukrainian, our own (Snowball has none): it removes one inflectional ending
// (noun cases, adjective and participle endings, verb person, tense, infinitive and gerund
// endings) after taking off the reflexive -ся/-сь, so that "черга", "черги", "чергу", "чергою"
// all become "черг" and "чекати", "чекали", "чекаємо" become "чек". Words under five letters
// keep their ending (pronouns and prepositions would meet content words), and a stem keeps at
// least three letters. It does not undo consonant
// alternations (черга / черзі, рука / руці) or vowel alternations in the root (кінь / коня):
// lexicons list those forms (assets/README.md). Rules: ukrainian_stemmer.cpp.
#pragma once

#include <string>
#include <string_view>

namespace fbk::sync::hub::text {

// `lower` is one lowercase word (UTF-8); words of other scripts come back unchanged.
std::string stem_ukrainian(std::string_view lower);

}  // namespace fbk::sync::hub::text

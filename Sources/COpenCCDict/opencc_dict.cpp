#include "opencc_dict.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>

struct showcase_opencc_dict {
    std::vector<std::pair<std::string, std::string>> entries;
};

showcase_opencc_dict *showcase_opencc_dict_open(const char *path) {
    FILE *fp = std::fopen(path, "rb");
    if (fp == nullptr) return nullptr;
    // OpenCC reports a damaged file by throwing; nothing may cross into Swift.
    try {
        opencc::MarisaDictPtr dict = opencc::MarisaDict::NewFromFile(fp);
        std::fclose(fp);
        fp = nullptr;
        opencc::LexiconPtr lexicon = dict->GetLexicon();
        auto *out = new showcase_opencc_dict;
        out->entries.reserve(lexicon->Length());
        for (const auto &entry : *lexicon) out->entries.emplace_back(entry->Key(), entry->GetDefault());
        return out;
    } catch (...) {
        if (fp != nullptr) std::fclose(fp);
        return nullptr;
    }
}

size_t showcase_opencc_dict_count(const showcase_opencc_dict *dict) { return dict->entries.size(); }

void showcase_opencc_dict_entry(const showcase_opencc_dict *dict, size_t index,
                                const char **key, size_t *key_length,
                                const char **value, size_t *value_length) {
    const auto &entry = dict->entries[index];
    *key = entry.first.data();
    *key_length = entry.first.size();
    *value = entry.second.data();
    *value_length = entry.second.size();
}

void showcase_opencc_dict_close(showcase_opencc_dict *dict) { delete dict; }

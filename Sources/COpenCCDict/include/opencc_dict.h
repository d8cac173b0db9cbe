#ifndef SHOWCASE_OPENCC_DICT_H
#define SHOWCASE_OPENCC_DICT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The entries of one of OpenCC's installed dictionaries (an `.ocd2` file), read through
/// OpenCC's own C++ API (`MarisaDict::NewFromFile`, `GetLexicon`), so that Showcase needs no
/// knowledge of the file format and ships none of OpenCC's data.
typedef struct showcase_opencc_dict showcase_opencc_dict;

/// NULL when the file cannot be opened or read (the reason is not kept: the caller names the file).
showcase_opencc_dict *showcase_opencc_dict_open(const char *path);

/// How many entries the dictionary has.
size_t showcase_opencc_dict_count(const showcase_opencc_dict *dict);

/// Entry `index`'s key and default value (OpenCC's `DictEntry::GetDefault`: the first of its
/// values, what OpenCC's conversion writes), as UTF-8 without a terminating NUL. The bytes stay
/// valid until the dictionary is closed.
void showcase_opencc_dict_entry(const showcase_opencc_dict *dict, size_t index,
                                const char **key, size_t *key_length,
                                const char **value, size_t *value_length);

void showcase_opencc_dict_close(showcase_opencc_dict *dict);

#ifdef __cplusplus
}
#endif

#endif

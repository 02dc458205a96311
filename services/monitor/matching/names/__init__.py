"""Personal names for matching: split at the middle dot, fold known variants, read as pinyin.

Uyghur names in Chinese records are `given·father's given name` (阿卜杜拉·买买提); departments
write the dot as · • ‧ . ・ or a space, or leave it out. Han names are surname + given name.
A name is compared as two parts, `given` and `family` (the father's name for Uyghur names,
the surname for Han names), each on the characters and on their toneless pinyin, so that
transliteration variants (阿卜杜拉/阿不都拉, 古丽/古力) still agree.

Modules: parts (cleaning and splitting), variants (the variants table), sound (pinyin
readings), transliteration (which names are renderings of Uyghur names), syllables (whether
two spellings are one name: `variant_of`).
"""

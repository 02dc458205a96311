"""Labelled department-like records made from the registry, with noise at stated rates.

`python -m tooling.matching.noise --records 20000 --seed 2 --out test.csv` (reads
DATABASE_URL). Each rate is the exact share of records that get that kind of noise (the
kinds are drawn independently, so one record can have several). People not in the registry
are half synthetic people of the same villages (the generator with another seed) and half
made-up relatives of registry people (same village and father's name or surname, another
given name and birth date): the hard negatives a department file really contains.

Transliteration noise comes from four sources, only the first of which the matcher knows
as data (docs/benchmarks.md reports the overlap): the variants table; a character replaced
by another transliteration character with the same pinyin; one replaced by a near-sounding
one (逊/孙, 热/日, 则/孜); 尔 dropped or added.

Modules: rates (NoiseRates), people (registry people), outsiders (people not in the registry),
id_noise and spellings, dots (how clerks corrupt an ID or a name), records (`make_labelled`: a
set of records with its noise), sets (`build`, `build_split` from a database), __main__.
"""

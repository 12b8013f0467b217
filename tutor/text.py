"""Words as the ranking sees them, the same for lessons and questions, in Arabic and English.

Arabic is written with or without vowel marks, stretched with tatweel, and spells alef, yaa and taa marbuta
several ways; all of those read as one form before Snowball's Arabic stemmer. English is lower-cased and
stemmed by Snowball's English (Porter 2) stemmer."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

ARABIC_LETTERS = re.compile(r"[\u0621-\u064a]")
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_UNIFY = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})  # noqa: RUF001
_WORD = re.compile(r"\w+")

_ENGLISH_STOP_WORDS = (
    "a an and are as at be but by can do does for from has have how i in is it its me my of on or so that the "
    "this to was what when where which who why will with you your"
)
_ARABIC_STOP_WORDS = "في من على الى عن ما ماذا هل هو هي ان او ثم كيف لماذا متى اين هذا هذه ذلك التي الذي مع انا انت"
STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split()) | frozenset(_ARABIC_STOP_WORDS.split())

_english = snowballstemmer.stemmer("english")
_arabic = snowballstemmer.stemmer("arabic")


def is_arabic(text: str) -> bool:
    return bool(ARABIC_LETTERS.search(text))


def language_of(text: str) -> str:
    """The language a question is written in, as far as the tutor needs to know: Arabic script or not."""
    arabic = len(ARABIC_LETTERS.findall(text))
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return "ar" if arabic and arabic >= latin else "en"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_UNIFY).casefold()


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    stemmer = _arabic if is_arabic(word) else _english
    return stemmer.stemWord(word)


def terms(text: str, *, stop_words: frozenset[str] = STOP_WORDS) -> list[str]:
    """The ranking terms of a text: normalised, stop words left out, stemmed."""
    return [_stem(word) for word in _WORD.findall(normalise(text)) if word not in stop_words and len(word) > 1]


def sentences(text: str) -> list[str]:
    """Sentences of a passage, split after . ! ? and their Arabic forms, for quoting."""
    return [part.strip() for part in re.split(r"(?<=[.!?؟。])\s+|\n+", text) if part.strip()]


def mentioned(value: str, phrases: list[str], *, stop_words: frozenset[str] = STOP_WORDS) -> str | None:
    """The first phrase whose words appear together in `value`, compared as the ranking sees words (with every
    word, pronouns too, when `stop_words` is empty)."""
    asked = f" {' '.join(terms(value, stop_words=stop_words))} "
    for phrase in phrases:
        words = terms(phrase, stop_words=stop_words)
        if words and f" {' '.join(words)} " in asked:
            return phrase
    return None

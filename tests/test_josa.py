"""피드백의 조사는 앞말의 받침에 맞춥니다: 코드 이름(영어)도 한국어로 읽는 소리대로."""

import pytest

from bertlab.errors import josa


@pytest.mark.parametrize("word, pair, expected", [
    ("`mean_pool`", "이/가", "`mean_pool`이"), ("`answer_gpt`", "이/가", "`answer_gpt`가"),
    ("`word_vector`", "을/를", "`word_vector`를"), ("`sense_gap`", "은/는", "`sense_gap`은"),
    ("tokenizer", "이/가", "tokenizer가"), ("token", "을/를", "token을"), ("MLM", "이/가", "MLM이"),
    ("GPT", "이/가", "GPT가"), ("값", "이/가", "값이"), ("리스트(list)", "을/를", "리스트(list)를"), ("3", "이/가", "3이"),
])
def test_particle_follows_the_spoken_final_consonant(word, pair, expected):
    assert josa(word, pair) == expected


def test_unreadable_words_keep_both_forms():
    assert josa("😀", "이/가") == "😀이(가)"

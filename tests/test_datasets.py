"""강의 내장 데이터: 직접 쓴 예문이 약속한 모양(뜻마다 8문장, 균형 잡힌 감성, 미리 나눈 평가 세트)을 지키고,
실제 데이터셋 로더는 오프라인이면 한국어 안내와 함께 내장 예문으로 물러선다."""

from collections import Counter
from pathlib import Path

import pytest

from bertlab.datasets import loader as datasets
from bertlab.datasets import load_dataset, load_homonyms
from bertlab.errors import BertlabError
from bertlab.embeddings import locate_word


def test_each_homonym_sense_has_eight_sentences_and_the_word_is_found_at_an_eojeol_start():
    examples = load_homonyms()
    counts = Counter((e.lang, e.word, e.sense) for e in examples)
    assert set(counts.values()) == {8}
    assert {w for (lang, w, _) in counts if lang == "ko"} == {"눈", "배", "밤", "다리", "차", "말"}
    assert len({e.sentence for e in examples}) == len(examples)
    for e in examples:
        span = locate_word(e.sentence, e.word)
        assert span.start == 0 or not span.text[span.start - 1].isalnum(), e.sentence


def test_builtin_korean_sentiment_is_balanced_with_a_disjoint_held_out_split():
    data = load_dataset("sentiment", source="builtin")
    assert (len(data.train), len(data.test)) == (200, 100)
    for split in ("train", "test"):
        assert Counter(data.labels(split)) == {0: len(data.labels(split)) // 2, 1: len(data.labels(split)) // 2}
    assert not set(data.texts("train")) & set(data.texts("test"))
    assert len(set(data.texts("train") + data.texts("test"))) == 300
    assert data.source == "builtin" and "MIT" in data.licence


def test_seed_sentences_are_in_the_english_set():
    data = load_dataset("sentiment-en")
    pairs = dict(data.train + data.test)
    assert pairs["I love Paris"] == 1 and pairs["Sam hated the movie"] == 0


def test_offline_auto_falls_back_to_builtin_with_a_korean_notice():
    data = load_dataset("sentiment")              # conftest가 HF_HUB_OFFLINE=1을 둡니다
    assert data.source == "builtin"
    assert "인터넷" in data.notice and "NSMC" in data.notice


def test_online_source_is_parsed_and_its_licence_named(tmp_path, monkeypatch):
    header = "id\tdocument\tlabel\n"
    for name, rows in {"ratings_train.txt": ["1\t정말 재밌다\t1", "2\t최악\t0", "3\t\t1"],
                       "ratings_test.txt": ["4\t좋아요\t1"]}.items():
        (tmp_path / name).write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(datasets, "_download", lambda url, target: tmp_path / Path(url).name)
    data = load_dataset("sentiment", source="online")
    assert data.source == "online" and data.licence == "CC0 1.0"
    assert data.train == [("정말 재밌다", 1), ("최악", 0)]          # 빈 리뷰는 뺌
    assert "nsmc" in data.description


def test_failed_download_in_auto_mode_falls_back_with_notice(monkeypatch):
    from bertlab.models import network

    monkeypatch.setattr(network, "network_status", lambda: network.NetworkStatus(True, "테스트", 0.0))

    def broken(url, target):
        raise OSError("no route")

    monkeypatch.setattr(datasets, "_download", broken)
    data = load_dataset("sentiment")
    assert data.source == "builtin" and "받지 못해" in data.notice


def test_subsampling_is_seeded_and_unknown_names_are_korean_errors():
    a = load_dataset("sentiment", source="builtin", max_train=20, max_test=10)
    b = load_dataset("sentiment", source="builtin", max_train=20, max_test=10)
    assert a.train == b.train and len(a.train) == 20 and len(a.test) == 10
    with pytest.raises(BertlabError):
        load_dataset("nsmc-typo")
    with pytest.raises(BertlabError):
        load_homonyms("ko", "사과")

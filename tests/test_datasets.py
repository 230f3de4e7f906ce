"""강의 내장 데이터: 직접 쓴 예문이 약속한 모양(뜻마다 8문장, 균형 잡힌 감성, 미리 나눈 평가 세트)을 지키고,
실제 데이터셋 로더는 오프라인이면 한국어 안내와 함께 내장 예문으로 물러선다."""

from collections import Counter
import pytest

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


def fake_hub(tmp_path, monkeypatch, files: dict[str, list[str]], header: str = "id\tdocument\tlabel"):
    """허브 대신 로컬 TSV를 ``datasets``의 진짜 CSV 빌더로 읽게 합니다(온라인 경로의 변환을 그대로 시험)."""
    import datasets as hf_datasets

    paths = {}
    for split, rows in files.items():
        paths[split] = tmp_path / f"{split}.tsv"
        paths[split].write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    real_load = hf_datasets.load_dataset
    calls = []

    def load_from_local(hub_id, config=None, revision=None, **kwargs):
        calls.append((hub_id, revision))
        features = hf_datasets.Features({"id": hf_datasets.Value("string"), "document": hf_datasets.Value("string"),
                                         "label": hf_datasets.ClassLabel(names=["neg", "pos"])})  # 허브 NSMC와 같은 열
        return real_load("csv", data_files={k: str(v) for k, v in paths.items()}, delimiter="\t", quoting=3,
                         keep_default_na=False, features=features, cache_dir=str(tmp_path / "cache"))

    monkeypatch.setattr(hf_datasets, "load_dataset", load_from_local)
    return calls


def test_online_source_is_read_through_datasets_and_its_licence_named(tmp_path, monkeypatch):
    calls = fake_hub(tmp_path, monkeypatch, {"train": ["1\t정말 재밌다\t1", "2\t최악\t0", "3\t\t1"],
                                             "test": ["4\t좋아요\t1"]})
    data = load_dataset("sentiment", source="online")
    assert calls == [("e9t/nsmc", "refs/convert/parquet")]
    assert data.source == "online" and data.licence == "CC0 1.0"
    assert data.train == [("정말 재밌다", 1), ("최악", 0)]          # 빈 리뷰는 뺌
    assert data.test == [("좋아요", 1)] and "nsmc" in data.description


def test_online_nsmc_sets_aside_a_seeded_validation_split(tmp_path, monkeypatch):
    from bertlab.datasets.loader import NSMC

    rows = [f"{i}\t리뷰 {i}번\t{i % 2}" for i in range(10 * NSMC.validation_from_train + 20)]
    fake_hub(tmp_path, monkeypatch, {"train": rows, "test": ["9999\t좋아요\t1"]})
    a = load_dataset("nsmc", source="online", seed=3)
    b = load_dataset("nsmc", source="online", seed=3)
    assert len(a.validation) == NSMC.validation_from_train and len(a.train) == 9 * NSMC.validation_from_train + 20
    assert a.validation == b.validation and not set(a.texts("validation")) & set(a.texts("train"))


def test_failed_download_in_auto_mode_falls_back_with_notice(monkeypatch):
    import datasets as hf_datasets

    from bertlab.models import network

    monkeypatch.setattr(network, "network_status", lambda: network.NetworkStatus(True, "테스트", 0.0))

    def broken(*args, **kwargs):
        raise ConnectionError("no route")

    monkeypatch.setattr(hf_datasets, "load_dataset", broken)
    data = load_dataset("nsmc")
    assert data.source == "builtin" and "받지 못해" in data.notice and "ConnectionError" in data.notice
    with pytest.raises(BertlabError, match="받지 못했습니다"):
        load_dataset("nsmc", source="online")


def test_builtin_nsmc_subset_is_real_balanced_and_split_three_ways():
    data = load_dataset("nsmc", source="builtin")
    sizes = {split: len(data.split(split)) for split in ("train", "validation", "test")}
    assert sizes == {"train": 20_000, "validation": 1_000, "test": 4_000}
    for split in sizes:
        assert Counter(data.labels(split)) == {0: sizes[split] // 2, 1: sizes[split] // 2}
    texts = {split: set(data.texts(split)) for split in sizes}
    assert not texts["train"] & texts["test"] and not texts["train"] & texts["validation"]
    assert data.licence.startswith("CC0") and "내장" in repr(data) and "검증 1,000개" in repr(data)
    with pytest.raises(BertlabError, match="split"):
        data.split("dev")


def test_subsampling_is_seeded_and_unknown_names_are_korean_errors():
    a = load_dataset("sentiment", source="builtin", max_train=20, max_test=10)
    b = load_dataset("sentiment", source="builtin", max_train=20, max_test=10)
    assert a.train == b.train and len(a.train) == 20 and len(a.test) == 10
    with pytest.raises(BertlabError):
        load_dataset("nsmc-typo")
    with pytest.raises(BertlabError):
        load_homonyms("ko", "사과")

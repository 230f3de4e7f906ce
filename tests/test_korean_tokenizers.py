"""레슨 17: 한국어 BERT 다섯의 실제 토크나이저가 공개된 예를 그대로 재현하고, 하나뿐인 로더로 온라인/오프라인을 가린다.

공개 예(글, ID, 조각)와 출처는 ``bertlab/data/tokenizers/provenance.json``에 있습니다. 기대값은 그 파일의 숫자이고,
그 숫자는 모델을 만든 사람들의 README나 공개 노트북에서 옮긴 것입니다(코드로 만든 값이 아님).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from bertlab.errors import BertlabError
from bertlab.models import load, load_tokenizer, offline_dir, resolve, tokenizer_source
from bertlab.models.sources import SHIPPED_TOKENIZERS
from conftest import REPO_ROOT

PROVENANCE = json.loads((SHIPPED_TOKENIZERS / "provenance.json").read_text(encoding="utf-8"))["tokenizers"]
EXAMPLES = [pytest.param(entry["role"], example, id=f"{key}-{i}")
            for key, entry in PROVENANCE.items() for i, example in enumerate(entry["examples"])]


@pytest.mark.parametrize("key", sorted(PROVENANCE))
def test_shipped_files_are_the_published_files_with_their_licence(key):
    entry = PROVENANCE[key]
    folder = SHIPPED_TOKENIZERS / key
    for name, meta in entry["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == meta["sha256"], name
    assert (folder / entry["licence_file"]).stat().st_size > 500, "라이선스 전문이 함께 있어야 합니다"


@pytest.mark.parametrize("role, example", EXAMPLES)
def test_each_tokenizer_reproduces_its_published_example(role, example):
    tokenizer = load_tokenizer(role)
    ids = tokenizer(example["text"], add_special_tokens=example["add_special_tokens"])["input_ids"]
    assert ids == example["ids"], example["source"]
    if "pieces" in example:
        assert tokenizer.convert_ids_to_tokens(ids) == example["pieces"]
    for token, token_id in example.get("special_ids", {}).items():
        assert tokenizer.convert_tokens_to_ids(token) == token_id


def test_offline_the_loader_uses_the_shipped_files_and_says_so_in_korean():
    for entry in PROVENANCE.values():
        res = resolve(entry["role"])
        assert res.mode == "offline" and res.local_only
        assert Path(res.location).parent == SHIPPED_TOKENIZERS
        assert "패키지에 든" in res.reason and "HF_HUB_OFFLINE" in res.reason


def test_online_roles_name_the_hubs_own_tokenizers():
    from bertlab.models import get_role

    assert {get_role(e["role"]).online_id for e in PROVENANCE.values()} == {
        "skt/kobert-base-v1", "klue/bert-base", "beomi/kcbert-base",
        "monologg/koelectra-base-v3-discriminator", "bert-base-multilingual-cased"}


def test_a_failed_hub_download_falls_back_to_the_shipped_files(monkeypatch):
    import bertlab.models.loader as loader
    from bertlab.models import NetworkStatus

    # 허브에 연결된다고 판단했지만 실제 내려받기는 막힌 상황(HF_HUB_OFFLINE=1이 내려받기를 막음).
    # 토크나이저 캐시만 잠시 비웁니다(다른 테스트가 불러 둔 모델 캐시는 그대로).
    monkeypatch.setattr(loader, "network_status", lambda: NetworkStatus(True, "연결됨(테스트)", 0.0))
    monkeypatch.setattr(loader, "_TOKENIZER_CACHE", {})
    monkeypatch.setattr(loader, "_TOKENIZER_USED", {})
    for role in ("kcbert-tokenizer", "kobert-tokenizer"):
        assert resolve(role).mode == "online"
        tokenizer = load_tokenizer(role)
        used = tokenizer_source(role)
        assert used.mode == "offline" and "내려받지 못했습니다" in used.reason
        assert tokenizer("안녕하세요", add_special_tokens=False)["input_ids"]


def test_online_kobert_reads_the_hubs_spiece_model_with_its_own_ids(monkeypatch, kobert_files):
    """허브의 spiece.model은 조각 번호가 곧 모델 ID입니다(SKT의 KoBERTTokenizer). 같은 함수가 어휘 없이 만듭니다."""
    import huggingface_hub

    model_file = next(offline_dir("kobert-files").glob("*.model"))
    asked = []

    def fake_download(repo_id, filename, **kwargs):
        asked.append((repo_id, filename))
        return str(model_file)

    monkeypatch.setattr(huggingface_hub, "hf_hub_download", fake_download)
    from bertlab.models.sentencepiece_vocab import kobert_tokenizer

    tokenizer = kobert_tokenizer("skt/kobert-base-v1", local_only=False)
    assert asked == [("skt/kobert-base-v1", "spiece.model")]
    text = "한국어 모델을 공유합니다."
    assert tokenizer(text, add_special_tokens=False)["input_ids"] == kobert_files[0].encode(text)


def test_tokenizer_only_roles_refuse_load_with_a_korean_hint():
    with pytest.raises(BertlabError, match="토크나이저만") as err:
        load("kcbert-tokenizer")
    assert 'load_tokenizer("kcbert-tokenizer")' in str(err.value) and "beomi/kcbert-base" in str(err.value)


def test_lowercasing_breaks_hangul_into_jamo_but_the_loaded_tokenizers_keep_syllables():
    from transformers import AutoTokenizer

    wrong = AutoTokenizer.from_pretrained(offline_dir("klue-bert-files"), do_lower_case=True, strip_accents=None)
    assert len(wrong.backend_tokenizer.normalizer.normalize_str("한국어")) == 8  # ᄒ ᅡ ᆫ ᄀ ᅮ ᆨ ᄋ ᅥ
    assert wrong.tokenize("한국어") == ["[UNK]"]
    for entry in PROVENANCE.values():
        pieces = load_tokenizer(entry["role"]).tokenize("한국어 자연어 처리")
        assert "".join(p.lstrip("▁").removeprefix("##") for p in pieces) == "한국어자연어처리", entry["role"]


@pytest.fixture(scope="module")
def kobert_files():
    """패키지에 든 KoBERT 원본 파일: (SentencePiece 처리기, gluonnlp 어휘 {토큰: ID})."""
    import sentencepiece

    folder = offline_dir("kobert-files")
    processor = sentencepiece.SentencePieceProcessor(model_file=str(next(folder.glob("*.model"))))
    return processor, json.loads(next(folder.glob("*vocab*.json")).read_text(encoding="utf-8"))["token_to_idx"]


def test_kobert_piece_numbers_are_not_model_ids_and_the_vocab_maps_them(kobert_files):
    processor, vocab = kobert_files
    text = "한국어 모델을 공유합니다."
    pieces = processor.encode(text, out_type=str)
    mapped = [vocab[p] for p in pieces]
    assert processor.encode(text) != mapped
    assert load_tokenizer("kobert-tokenizer")(text, add_special_tokens=False)["input_ids"] == mapped


def _share_unlike_sentencepiece(texts, kobert_files) -> float:
    """SentencePiece 라이브러리(조각 -> 어휘 ID)와 강의 토크나이저의 ID가 다른 문장의 비율."""
    processor, vocab = kobert_files
    tokenizer = load_tokenizer("kobert-tokenizer")
    unk = vocab["[UNK]"]
    differ = 0
    for text in texts:
        library = [vocab.get(piece, unk) if number != processor.unk_id() else unk
                   for piece, number in zip(processor.encode(text, out_type=str), processor.encode(text))]
        differ += tokenizer(text, add_special_tokens=False)["input_ids"] != library
    return differ / len(texts)


def test_kobert_fast_tokenizer_matches_the_sentencepiece_library_on_real_sentences(kobert_files):
    """패키지의 NSMC·KLUE 문장 500개에서 99% 넘게 같은 ID(차이는 점수가 같은 분할 등, 모듈 설명 참고)."""
    from bertlab.datasets import load_study_sentences

    texts = [t for group in load_study_sentences().values() for t in group]
    assert _share_unlike_sentencepiece(texts, kobert_files) < 0.01


def test_kobert_matches_sentencepiece_on_thousands_of_raw_reviews(shared_data, kobert_files):
    import random

    from bertlab.datasets import read_nsmc_reviews

    reviews = random.Random(3).sample(read_nsmc_reviews(shared_data / "nsmc_raw_reviews.tsv.gz", split="all"), 3000)
    assert _share_unlike_sentencepiece([r.review for r in reviews], kobert_files) < 0.01


def test_tokenizer_files_are_declared_as_package_data():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = [g for patterns in pyproject["tool"]["setuptools"]["package-data"].values() for g in patterns]
    for needed in ("*.model", "*.txt", "*.json", "LICENSE*"):
        assert needed in globs, f"pyproject.toml [tool.setuptools.package-data]에 {needed!r}가 필요합니다"

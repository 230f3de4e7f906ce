"""강의용 데이터셋 불러오기(레슨 09, 10에서 만들고 파인 튜닝 레슨 11-16이 다시 씀).

모델 로더의 역할처럼, 이름 하나(``load_dataset("nsmc")``)가 지금 환경에 맞는 데이터를 돌려줍니다.

1. **온라인**: 실제 공개 데이터셋 전체를 ``datasets`` 라이브러리로 허브에서 받습니다(``HubSource``;
   NSMC는 ``e9t/nsmc``). 라이선스를 함께 알려 줍니다.
2. **오프라인(내장)**: 패키지에 든 작은 부분집합(``bertlab/data/``). 실제 데이터에서 저장소의 스크립트
   (``python -m bertlab.datasets.make_subsets``)로 고른 것(``nsmc``)이거나, 이 강의가 직접 쓴 예문
   (``sentiment``, ``sentiment-en``: MIT)입니다. 인터넷이 없거나 받기에 실패하면 이것으로 물러서고 그 사실을
   한국어 안내(``notice``)로 남깁니다.

예제는 모두 ``(입력, 정답)`` 쌍입니다. 감성 분류는 ``(리뷰, 0/1)``이고, 뒤 레슨의 과제는 입력과 정답의 모양만
다릅니다(문장 쌍과 레이블: ``((전제, 가설), 0/1/2)``, ``((문장 A, 문장 B), 0-5점)``, 문장과 글자별 태그 …). 새 데이터셋을 더하려면 ``DATASETS``에 ``DatasetSpec``
(내장 데이터 읽는 함수 + 선택적으로 ``HubSource``)을 하나 추가하면 됩니다.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bertlab.datasets.formats import read_nsmc_tsv
from bertlab.datasets.klue_ner import NER_TAGS, hub_row, read_klue_ner_tsv
from bertlab.datasets.pair_formats import NLI_LABELS_KO, read_nli, read_sts
from bertlab.datasets.squad import KORQUAD_FILE, hub_row as squad_hub_row, hub_rows_before_reserved, korquad_splits
from bertlab.datasets.squad import read_squad_json
from bertlab.errors import BertlabError, josa

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class HomonymExample:
    """동음이의어 예문 하나(레슨 09). ``sense``는 영어 레이블(eye, snow...), ``gloss``는 한국어 풀이."""

    lang: str
    word: str
    sense: str
    gloss: str
    sentence: str


def _read_tsv(name: str) -> list[dict]:
    path = DATA_DIR / name
    if not path.is_file():
        raise BertlabError(f"내장 데이터 파일이 없습니다: {path}",
                           hint="강의 저장소를 다시 내려받거나 `pip install -e .`로 다시 설치하세요.")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_homonyms(lang: str | None = None, words=None) -> list[HomonymExample]:
    """내장 동음이의어 예문(``homonyms.tsv``). lang: "ko"·"en"·None(전부), words: 단어 하나나 목록."""
    rows = [HomonymExample(**row) for row in _read_tsv("homonyms.tsv")]
    if lang is not None:
        rows = [r for r in rows if r.lang == lang]
    if words is not None:
        wanted = {words} if isinstance(words, str) else set(words)
        unknown = wanted - {r.word for r in rows}
        if unknown:
            known = ", ".join(sorted({r.word for r in rows}))
            raise BertlabError(f"내장 예문에 없는 단어입니다: {', '.join(sorted(unknown))}", hint=f"있는 단어: {known}")
        rows = [r for r in rows if r.word in wanted]
    return rows


@dataclass
class TextDataset:
    """과제 데이터셋. ``train``/``validation``/``test``는 ``(입력, 정답)`` 목록, ``label_names``는 레이블의 한국어 이름.

    validation(검증 세트)은 훈련 중 고르기(최고 모델 고르기, 조기 종료)에, test(평가 세트)는 마지막에 한 번만 씁니다.
    내장 예문처럼 검증 세트가 없는 데이터셋은 빈 목록입니다.
    """

    name: str
    train: list[tuple]
    test: list[tuple]
    label_names: dict[int, str]
    source: str                    # "builtin" | "online"
    licence: str
    description: str
    notice: str = ""               # 한국어 안내(내장 데이터로 물러섰을 때 등)
    validation: list[tuple] = field(default_factory=list)
    test_name: str = ""            # 평가 세트가 실제로 무엇인지(예: "KorSTS dev", 온라인이면 "KLUE-STS dev"). 그림·표의 이름표

    @property
    def test_label(self) -> str:
        """그림·표에 붙일 평가 세트 이름: 불러온 데이터에 맞는 ``test_name``(없으면 "평가 세트")."""
        return self.test_name or "평가 세트"

    def texts(self, split: str = "train") -> list:
        return [text for text, _ in self.split(split)]

    def labels(self, split: str = "train") -> list:
        return [label for _, label in self.split(split)]

    def split(self, name: str) -> list[tuple]:
        """이름("train", "validation", "test")으로 한 몫을 돌려줍니다."""
        if name not in SPLITS:
            raise BertlabError(f"split은 {', '.join(map(repr, SPLITS))} 중 하나입니다(받은 값: {name!r}).")
        return getattr(self, name)

    def __repr__(self) -> str:
        sizes = f"훈련 {len(self.train):,}개" + (f", 검증 {len(self.validation):,}개" if self.validation else "")
        line = (f"{self.description}: {sizes}, 평가 {len(self.test):,}개 "
                f"({'내장' if self.source == 'builtin' else '온라인'}, 라이선스 {self.licence})")
        return line + (f"\n※ {self.notice}" if self.notice else "")


SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class HubSource:
    """온라인에서 ``datasets.load_dataset``으로 받는 실제 데이터셋. ``convert(허브 행) -> 예제``(None이면 뺌)."""

    title: str
    hub_id: str
    licence: str
    homepage: str
    convert: Callable[[dict], tuple | None]
    revision: str | None = None    # 로딩 스크립트만 있는 옛 데이터셋은 허브가 만든 parquet 변환본을 씀
    config: str | None = None
    splits: dict[str, str] = field(default_factory=lambda: {"train": "train", "test": "test"})  # 우리 -> 허브
    validation_from_train: int = 0  # 허브에 검증 세트가 없으면 훈련 세트에서 시드 고정으로 이만큼(최대 10%) 떼어 냄
    keep_rows: dict[str, Callable[[object], list]] = field(default_factory=dict)  # 우리 split -> 허브 행 고르기
    test_name: str = ""            # 우리 평가 세트가 된 허브 분할의 이름(예: "KLUE-STS dev")


@dataclass(frozen=True)
class DatasetSpec:
    """데이터셋 하나: 내장 데이터를 읽는 함수(``{split: 예제 목록}``)와 선택적인 온라인 출처."""

    description: str
    label_names: dict[int, str]
    read_builtin: Callable[[], dict[str, list]]
    builtin_licence: str = "MIT(이 강의가 직접 쓴 예문)"
    builtin_note: str = "강의 내장 예문"
    real: HubSource | None = None
    # 개발 기계의 공유 데이터(``../shared/data``의 ``shared_file``)가 있으면 오프라인 내장 데이터 대신 읽는 실제 데이터
    shared_file: str = ""
    read_shared: Callable[[Path], dict[str, list]] | None = None
    shared_note: str = ""
    shared_licence: str = ""
    builtin_test_name: str = ""    # 내장 데이터의 평가 세트 이름(예: "KorSTS dev")

    def shared_path(self) -> Path | None:
        from bertlab.datasets.shared import shared_data_file

        return shared_data_file(self.shared_file) if self.read_shared is not None else None

    def offline_note(self) -> str:
        """오프라인에서 실제로 쓸 데이터의 한국어 이름(공유 데이터가 있으면 그것)."""
        return self.shared_note if self.shared_path() is not None else self.builtin_note


def _split_column_file(name: str) -> Callable[[], dict[str, list]]:
    """``text, label, split`` 열의 TSV 하나(이 강의가 직접 쓴 예문)."""
    def read() -> dict[str, list]:
        rows = _read_tsv(name)
        return {s: [(r["text"], int(r["label"])) for r in rows if r["split"] == s] for s in ("train", "test")}
    return read


def _split_files(folder: str, reader: Callable[[Path], list]) -> Callable[[], dict[str, list]]:
    """``data/<folder>/<split>.<확장자>`` 파일들(실제 데이터셋의 공개 형식 그대로, 같은 ``reader``로 읽음)."""
    def read() -> dict[str, list]:
        found = {path.stem: path for path in sorted((DATA_DIR / folder).glob("*.*")) if path.stem in SPLITS}
        if "train" not in found or "test" not in found:
            raise BertlabError(f"내장 데이터 폴더에 train·test 파일이 없습니다: {DATA_DIR / folder}",
                               hint="강의 저장소를 다시 내려받거나 `pip install -e .`로 다시 설치하세요.")
        return {split: reader(path) for split, path in found.items()}
    return read


def _nsmc_row(row: dict) -> tuple[str, int] | None:
    document = (row.get("document") or "").strip()
    return (document, int(row["label"])) if document else None


NSMC = HubSource(
    title="NSMC(네이버 영화 리뷰 감성 데이터, Lucy Park)",
    hub_id="e9t/nsmc",
    revision="refs/convert/parquet",  # datasets 4부터 로딩 스크립트(nsmc.py)를 돌리지 않아 허브의 parquet 변환본을 씀
    licence="CC0 1.0",
    homepage="https://github.com/e9t/nsmc",
    convert=_nsmc_row,
    validation_from_train=1000,
)

KLUE_NER = HubSource(
    title="KLUE-NER(KLUE 벤치마크 개체명 인식)",
    hub_id="klue/klue",
    config="ner",
    licence="CC BY-SA 4.0",
    homepage="https://github.com/KLUE-benchmark/KLUE",
    convert=hub_row,
    splits={"train": "train", "test": "validation"},  # 허브에는 평가 세트가 없어 공개 dev를 평가 세트로
    validation_from_train=1000,
)


def _klue_nli_row(row: dict) -> tuple | None:
    label = int(row["label"])                    # 0 함의, 1 중립, 2 모순 (-1: 레이블 없음)
    return ((row["premise"], row["hypothesis"]), label) if label in (0, 1, 2) else None


def _klue_sts_row(row: dict) -> tuple | None:
    return (row["sentence1"], row["sentence2"]), float(row["labels"]["label"])


# 레슨 13: KLUE 벤치마크(허브의 parquet). KLUE의 평가 세트는 공개되지 않아 dev를 평가 세트로, 훈련 세트에서 검증 세트를 뗌
KLUE_NLI = HubSource(title="KLUE-NLI(KLUE 벤치마크 자연어 추론)", hub_id="klue/klue", config="nli",
                     licence="CC BY-SA 4.0", homepage="https://github.com/KLUE-benchmark/KLUE", convert=_klue_nli_row,
                     splits={"train": "train", "test": "validation"}, validation_from_train=1000,
                     test_name="KLUE-NLI dev")
KLUE_STS = HubSource(title="KLUE-STS(KLUE 벤치마크 문장 유사도)", hub_id="klue/klue", config="sts",
                     licence="CC BY-SA 4.0", homepage="https://github.com/KLUE-benchmark/KLUE", convert=_klue_sts_row,
                     splits={"train": "train", "test": "validation"}, validation_from_train=500,
                     test_name="KLUE-STS dev")

# 레슨 14: 온라인 훈련은 KorQuAD 1.0 train 전체, 평가는 dev 중 예약되지 않은 문서 0-119(훈련에서 검증 세트를 뗌)
KORQUAD = HubSource(title="KorQuAD 1.0(LG CNS 한국어 기계 독해)", hub_id="KorQuAD/squad_kor_v1",
                    licence="CC BY-ND 2.0 KR", homepage="https://korquad.github.io", convert=squad_hub_row,
                    splits={"train": "train", "test": "validation"}, validation_from_train=1000,
                    keep_rows={"test": hub_rows_before_reserved})

def _chatbot_splits() -> dict[str, list]:
    """레슨 16: train = ChatbotData 전체 ``(질문, 답)``, test = 바꿔 말하기 평가 ``(질문, 정답 행)``."""
    from bertlab.datasets.chatbot import DEV_FILE, load_chatbot_pairs, read_paraphrases

    pairs = load_chatbot_pairs()
    return {"train": list(zip(pairs.questions, pairs.answers)), "validation": [],
            "test": read_paraphrases(DEV_FILE, len(pairs))}


SENTIMENT_LABELS = {0: "부정", 1: "긍정"}
DATASETS: dict[str, DatasetSpec] = {
    "nsmc": DatasetSpec("NSMC 네이버 영화 리뷰 감성 분류(긍정/부정)", SENTIMENT_LABELS,
                        _split_files("nsmc", read_nsmc_tsv), builtin_licence="CC0 1.0(NSMC)",
                        builtin_note="NSMC에서 고른 내장 부분집합(영화 단위로 나눔)", real=NSMC),
    "klue-ner": DatasetSpec("KLUE-NER 개체명 인식(글자별 BIO 태그)", dict(enumerate(NER_TAGS)),
                            _split_files("klue-ner", read_klue_ner_tsv), builtin_licence="CC BY-SA 4.0(KLUE)",
                            builtin_note="KLUE-NER dev에서 고른 내장 부분집합", real=KLUE_NER),
    "nli": DatasetSpec("한국어 자연어 추론(NLI: 함의/중립/모순)", dict(enumerate(NLI_LABELS_KO)),
                       _split_files("nli", read_nli), builtin_licence="CC BY-SA 4.0(KLUE-NLI, KorNLI)",
                       builtin_note="KLUE-NLI·KorNLI에서 고른 내장 부분집합(전제 단위로 나눔)", real=KLUE_NLI,
                       builtin_test_name="KLUE-NLI dev·KorNLI에서 전제 단위로 뗀 평가 세트"),
    "sts": DatasetSpec("한국어 문장 유사도(STS: 0-5점)", {}, _split_files("sts", read_sts),
                       builtin_licence="CC BY-SA 4.0(KorSTS)",
                       builtin_note="KorSTS에서 고른 내장 부분집합(평가 세트는 KorSTS dev)", real=KLUE_STS,
                       builtin_test_name="KorSTS dev"),
    "korquad": DatasetSpec("한국어 질의응답(지문에서 정답 구간 찾기)", {}, _split_files("korean-qa", read_squad_json),
                           builtin_note="강의가 직접 쓴 한국어 질의응답 예문(지문 36개, 질문 111개)",
                           real=KORQUAD, shared_file=KORQUAD_FILE, read_shared=korquad_splits,
                           shared_note="공유 데이터의 KorQuAD 1.0 dev(문서 0-94 훈련, 95-99 검증, 100-119 평가)",
                           shared_licence="CC BY-ND 2.0 KR(KorQuAD)"),
    "chatbot": DatasetSpec("한국어 챗봇 질문-답(검색 챗봇; 평가는 바꿔 말하기 → 정답 행)", {}, _chatbot_splits,
                           builtin_licence="MIT(ChatbotData, 송영숙; 바꿔 말하기는 이 강의가 씀)",
                           builtin_note="ChatbotData 원본 전체(github.com/songys/Chatbot_data, 패키지에 내장)"),
    "sentiment": DatasetSpec("한국어 감성 분류(긍정/부정)", SENTIMENT_LABELS, _split_column_file("sentiment_ko.tsv"),
                             real=NSMC),
    "sentiment-en": DatasetSpec("영어 감성 분류 예문(BERT 입문 자료에서 흔히 쓰는 예)", SENTIMENT_LABELS,
                                _split_column_file("sentiment_en.tsv")),
}


def _load_builtin(name: str, spec: DatasetSpec, notice: str = "") -> TextDataset:
    shared = spec.shared_path()
    splits, note, licence = ((spec.read_shared(shared), spec.shared_note, spec.shared_licence) if shared is not None
                             else (spec.read_builtin(), spec.builtin_note, spec.builtin_licence))
    return TextDataset(name, splits["train"], splits["test"], spec.label_names, "builtin", licence,
                       f"{spec.description} — {note}", notice, splits.get("validation", []),
                       spec.builtin_test_name if shared is None else "")


def _load_real(name: str, spec: DatasetSpec, seed: int) -> TextDataset:
    """``datasets``로 허브의 실제 데이터를 받아 예제 목록으로 바꿉니다(캐시는 ``datasets``가 관리)."""
    import datasets

    real = spec.real
    hub = datasets.load_dataset(real.hub_id, real.config, revision=real.revision)
    splits = {ours: [example for row in real.keep_rows.get(ours, lambda rows: rows)(hub[theirs])
                     if (example := real.convert(row)) is not None]
              for ours, theirs in real.splits.items()}
    if "validation" not in splits and real.validation_from_train:
        rows = list(splits["train"])
        random.Random(seed).shuffle(rows)
        size = min(real.validation_from_train, len(rows) // 10)  # 훈련 세트가 작으면 10%까지만
        splits["validation"], splits["train"] = rows[:size], rows[size:]
    return TextDataset(name, splits["train"], splits["test"], spec.label_names, "online", real.licence,
                       f"{real.title}, {real.homepage}", validation=splits.get("validation", []),
                       test_name=real.test_name)


def _subsample(rows: list, limit: int | None, seed: int) -> list:
    if limit is None or len(rows) <= limit:
        return rows
    return random.Random(seed).sample(rows, limit)


def load_dataset(name: str, *, source: str = "auto", max_train: int | None = None, max_test: int | None = None,
                 max_validation: int | None = None, seed: int = 0) -> TextDataset:
    """데이터셋 이름으로 불러옵니다. 레슨 10, 11-16에서 사용.

    source: "auto"(온라인이면 실제 데이터, 아니면 내장), "builtin", "online"(실패하면 오류).
    max_train, max_validation, max_test: 너무 크면 시드를 고정해 그만큼만 무작위로 뽑습니다(CPU 시간 절약).
    """
    if name not in DATASETS:
        raise BertlabError(f"'{name}'이라는 데이터셋은 없습니다.", hint=f"있는 이름: {', '.join(DATASETS)}")
    if source not in ("auto", "builtin", "online"):
        raise BertlabError(f"source는 'auto', 'builtin', 'online' 중 하나입니다(받은 값: {source!r}).")
    spec = DATASETS[name]
    dataset = None
    if source != "builtin" and spec.real is not None:
        from bertlab.models import network_status

        status = network_status()
        if status.online or source == "online":
            try:
                dataset = _load_real(name, spec, seed)
            except Exception as exc:  # 허브·네트워크 오류는 모양이 여러 가지: 어떤 것이든 내장 데이터로 물러섬
                if source == "online":
                    raise BertlabError(f"{josa(spec.real.title, '을/를')} 받지 못했습니다({type(exc).__name__}).",
                                       hint="인터넷 연결을 확인하거나 source='builtin'으로 내장 데이터를 쓰세요.") from exc
                dataset = _load_builtin(name, spec, f"{josa(spec.real.title, '을/를')} 받지 못해 "
                                                    f"{josa(spec.offline_note(), '을/를')} 씁니다({type(exc).__name__}).")
        else:
            dataset = _load_builtin(name, spec, f"인터넷에 연결되어 있지 않아 {spec.real.title} 전체 대신 "
                                                f"{josa(spec.offline_note(), '을/를')} 씁니다. 연결되면 실제 데이터를 자동으로 받습니다.")
    elif source == "online":
        raise BertlabError(f"'{name}'에는 온라인 데이터가 없습니다. source='builtin'을 쓰세요.")
    if dataset is None:
        dataset = _load_builtin(name, spec)
    dataset.train = _subsample(dataset.train, max_train, seed)
    dataset.validation = _subsample(dataset.validation, max_validation, seed + 2)
    dataset.test = _subsample(dataset.test, max_test, seed + 1)
    return dataset

"""강의용 데이터셋 불러오기(레슨 09, 10에서 만들고 파인 튜닝 레슨 11~16이 다시 씀).

두 종류가 있습니다.

1. **내장 데이터**: 이 강의가 직접 쓴 작은 한국어·영어 예문(``bertlab/data/*.tsv``, 프로젝트와 같은 MIT
   라이선스, 설명은 ``bertlab/data/README.md``). 인터넷 없이 언제나 쓸 수 있습니다.
2. **실제 데이터**: NSMC처럼 공개된 큰 데이터셋. 인터넷에 연결되어 있을 때만 원본 주소에서 받아
   캐시 폴더에 두고, 라이선스를 함께 알려 줍니다. 연결이 없거나 받기에 실패하면 내장 데이터로 물러서며
   그 사실을 한국어 안내(``notice``)로 남깁니다.

새 과제를 더하려면 ``TASKS``에 ``Task``(내장 파일 + 선택적으로 ``RealSource``)를 하나 추가하면 됩니다.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bertlab.errors import BertlabError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DOWNLOAD_TIMEOUT_S = 20


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
    """문장 분류 데이터셋. ``train``/``test``는 (문장, 정수 레이블) 목록, ``label_names``는 레이블의 한국어 이름."""

    name: str
    train: list[tuple[str, int]]
    test: list[tuple[str, int]]
    label_names: dict[int, str]
    source: str                    # "builtin" | "online"
    licence: str
    description: str
    notice: str = ""               # 한국어 안내(내장 데이터로 물러섰을 때 등)

    def texts(self, split: str = "train") -> list[str]:
        return [text for text, _ in self._split(split)]

    def labels(self, split: str = "train") -> list[int]:
        return [label for _, label in self._split(split)]

    def _split(self, split: str) -> list[tuple[str, int]]:
        if split not in ("train", "test"):
            raise BertlabError(f"split은 'train' 또는 'test'입니다(받은 값: {split!r}).")
        return self.train if split == "train" else self.test

    def __repr__(self) -> str:
        line = (f"{self.description}: 훈련 {len(self.train)}개, 평가 {len(self.test)}개 "
                f"({'내장' if self.source == 'builtin' else '온라인'}, 라이선스 {self.licence})")
        return line + (f"\n※ {self.notice}" if self.notice else "")


@dataclass(frozen=True)
class RealSource:
    """인터넷에서 받는 실제 데이터셋. ``parse(파일 경로) -> [(문장, 레이블)]``."""

    title: str
    urls: dict[str, str]           # {"train": URL, "test": URL}
    licence: str
    homepage: str
    parse: Callable[[Path], list[tuple[str, int]]]


@dataclass(frozen=True)
class Task:
    builtin_file: str
    description: str
    label_names: dict[int, str]
    real: RealSource | None = None
    builtin_licence: str = "MIT(이 강의가 직접 쓴 예문)"
    aliases: tuple[str, ...] = field(default_factory=tuple)


def _parse_nsmc(path: Path) -> list[tuple[str, int]]:
    """NSMC ratings_*.txt: id, document, label(0 부정, 1 긍정), 탭 구분. 빈 리뷰는 뺍니다."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["document"].strip(), int(r["label"])) for r in rows if (r.get("document") or "").strip()]


NSMC = RealSource(
    title="NSMC(네이버 영화 리뷰 감성 데이터, Lucy Park)",
    urls={"train": "https://raw.githubusercontent.com/e9t/nsmc/master/ratings_train.txt",
          "test": "https://raw.githubusercontent.com/e9t/nsmc/master/ratings_test.txt"},
    licence="CC0 1.0",
    homepage="https://github.com/e9t/nsmc",
    parse=_parse_nsmc,
)

SENTIMENT_LABELS = {0: "부정", 1: "긍정"}
TASKS: dict[str, Task] = {
    "sentiment": Task("sentiment_ko.tsv", "한국어 감성 분류(긍정/부정)", SENTIMENT_LABELS, real=NSMC),
    "sentiment-en": Task("sentiment_en.tsv", "영어 감성 분류 예문(씨앗 문서의 예)", SENTIMENT_LABELS),
}


def _load_builtin(name: str, task: Task, notice: str = "") -> TextDataset:
    rows = _read_tsv(task.builtin_file)
    split = {s: [(r["text"], int(r["label"])) for r in rows if r["split"] == s] for s in ("train", "test")}
    return TextDataset(name, split["train"], split["test"], task.label_names, "builtin",
                       task.builtin_licence, task.description + " — 강의 내장 예문", notice)


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bertlab")) / "datasets"


def _download(url: str, target: Path) -> Path:
    """URL을 한 번만 받아 캐시에 둡니다. 실패하면 ``OSError``."""
    if target.is_file() and target.stat().st_size > 0:
        return target
    import urllib.request

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response, partial.open("wb") as out:
        out.write(response.read())
    partial.replace(target)
    return target


def _load_real(name: str, task: Task) -> TextDataset:
    real = task.real
    splits = {}
    for split, url in real.urls.items():
        path = _download(url, _cache_dir() / name / url.rsplit("/", 1)[-1])
        splits[split] = real.parse(path)
    return TextDataset(name, splits["train"], splits["test"], task.label_names, "online", real.licence,
                       f"{real.title}, {real.homepage}")


def _subsample(rows: list, limit: int | None, seed: int) -> list:
    if limit is None or len(rows) <= limit:
        return rows
    return random.Random(seed).sample(rows, limit)


def load_dataset(name: str, *, source: str = "auto", max_train: int | None = None,
                 max_test: int | None = None, seed: int = 0) -> TextDataset:
    """과제 이름으로 데이터셋을 불러옵니다. 레슨 10, 11에서 사용.

    source: "auto"(온라인이면 실제 데이터, 아니면 내장), "builtin", "online"(실패하면 오류).
    max_train, max_test: 너무 크면 시드를 고정해 그만큼만 무작위로 뽑습니다(CPU 시간 절약).
    """
    if name not in TASKS:
        raise BertlabError(f"'{name}'이라는 데이터셋은 없습니다.", hint=f"있는 이름: {', '.join(TASKS)}")
    if source not in ("auto", "builtin", "online"):
        raise BertlabError(f"source는 'auto', 'builtin', 'online' 중 하나입니다(받은 값: {source!r}).")
    task = TASKS[name]
    dataset = None
    if source != "builtin" and task.real is not None:
        from bertlab.models import network_status

        status = network_status()
        if status.online or source == "online":
            try:
                dataset = _load_real(name, task)
            except (OSError, ValueError, KeyError) as exc:
                if source == "online":
                    raise BertlabError(f"{task.real.title}을(를) 받지 못했습니다({type(exc).__name__}).",
                                       hint="인터넷 연결을 확인하거나 source='builtin'으로 내장 예문을 쓰세요.") from exc
                dataset = _load_builtin(name, task, f"{task.real.title}을(를) 받지 못해 강의 내장 예문을 씁니다.")
        else:
            dataset = _load_builtin(name, task, f"인터넷에 연결되어 있지 않아 {task.real.title} 대신 강의 내장 "
                                                f"예문을 씁니다. 연결되면 실제 데이터를 자동으로 받습니다.")
    elif source == "online":
        raise BertlabError(f"'{name}'에는 온라인 데이터가 없습니다. source='builtin'을 쓰세요.")
    if dataset is None:
        dataset = _load_builtin(name, task)
    dataset.train = _subsample(dataset.train, max_train, seed)
    dataset.test = _subsample(dataset.test, max_test, seed + 1)
    return dataset

"""사전 훈련용 한국어 말뭉치 읽기. ``ko-mini-bert`` 훈련과 레슨 08(장난감 말뭉치)에서 사용.

- NSMC 원본 리뷰(``review_id, movie_id, rating, date, review`` 탭 구분 .tsv.gz, CC0): 영화별로
  리뷰를 review_id 순서로 모은 것이 한 '문서'입니다. 평가용 몫은 영화 id의 CRC32 해시로 영화 단위로
  떼어 둡니다(같은 영화의 리뷰가 훈련과 평가에 섞이지 않도록).
- 패키지가 함께 배포하는 한국어: konlpy의 kolaw(헌법)·kobill(의안) 텍스트,
  chatterbot-corpus의 한국어 대화 yml. 인터넷 없이 어디서나 쓸 수 있어 레슨 08이 씁니다.
- 온라인이면 ``fetch_nsmc_raw``가 원본(github.com/e9t/nsmc 의 raw/)을 내려받아 같은 형식으로 만듭니다.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path

NSMC_RAW_FILE = "nsmc_raw_reviews.tsv.gz"  # 공유 데이터 폴더와 ``--corpus`` 기본값의 파일 이름
NSMC_ARCHIVE_URL = "https://codeload.github.com/e9t/nsmc/tar.gz/refs/heads/master"
HELDOUT_PERCENT = 5  # 영화의 5%를 평가용으로 떼어 둠
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def is_heldout_movie(movie_id: str, heldout_percent: int = HELDOUT_PERCENT) -> bool:
    """영화 id의 CRC32로 정한 평가용 영화인지(결정적: 어느 기계에서나 같은 답)."""
    return zlib.crc32(str(movie_id).encode()) % 100 < heldout_percent


def nsmc_label(rating: int) -> int | None:
    """NSMC의 규칙: 평점 1-4 -> 0(부정), 9-10 -> 1(긍정), 5-8 -> None(애매해서 뺌)."""
    return 0 if rating <= 4 else 1 if rating >= 9 else None


@dataclass(frozen=True)
class Review:
    review_id: int
    movie_id: str
    rating: int
    review: str


def read_nsmc_reviews(path: str | Path, split: str = "train", heldout_percent: int = HELDOUT_PERCENT) -> list[Review]:
    """NSMC 원본 리뷰를 읽습니다. split은 "train"(평가용이 아닌 영화), "heldout", "all"."""
    path = Path(path)
    if not path.exists():
        from bertlab.errors import BertlabError

        raise BertlabError(f"NSMC 리뷰 파일이 없습니다: {path}",
                           hint="--corpus 로 경로를 주거나, 온라인이면 --fetch 로 원본을 내려받으세요.")
    reviews = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)  # 머리줄
        for row in reader:
            if len(row) < 5 or not row[4].strip():
                continue
            heldout = is_heldout_movie(row[1], heldout_percent)
            if split == "all" or (split == "heldout") == heldout:
                reviews.append(Review(int(row[0]), row[1], int(row[2]), row[4].strip()))
    return reviews


def reviews_to_documents(reviews: list[Review]) -> list[list[str]]:
    """영화별로 리뷰를 review_id 순서로 모읍니다: 문서 하나 = 영화 하나, 문장 하나 = 리뷰 하나."""
    by_movie: dict[str, list[Review]] = {}
    for r in reviews:
        by_movie.setdefault(r.movie_id, []).append(r)
    return [[r.review for r in sorted(rs, key=lambda r: r.review_id)] for _, rs in sorted(by_movie.items())]


def split_sentences(text: str) -> list[str]:
    """마침표·물음표·느낌표 뒤 공백에서 문장을 나눕니다(간단한 규칙)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def konlpy_documents() -> list[list[str]]:
    """konlpy가 배포하는 kolaw(헌법)와 kobill(의안 10개): 파일 하나 = 문서 하나."""
    import konlpy

    root = Path(konlpy.__file__).parent / "data" / "corpus"
    documents = []
    for path in sorted(root.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="ignore")
        paragraphs = re.split(r"\n\s*\n", text)  # 줄바꿈으로 끊긴 문장을 문단 단위로 다시 잇는다
        sentences = []
        for para in paragraphs:
            sentences += split_sentences(" ".join(para.split()))
        documents.append([s for s in sentences if len(s) >= 2])
    return [d for d in documents if d]


def chatterbot_documents() -> list[list[str]]:
    """chatterbot-corpus의 한국어 대화: 대화 하나(질문, 대답, ...) = 문서 하나."""
    import chatterbot_corpus
    import yaml

    root = Path(chatterbot_corpus.__file__).parent / "data" / "korean"
    documents = []
    for path in sorted(root.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for conversation in data.get("conversations", []):
            turns = [str(t).strip() for t in conversation if str(t).strip()]
            if turns:
                documents.append(turns)
    return documents


def builtin_documents() -> list[list[str]]:
    """인터넷 없이 늘 있는 한국어 문서들(chatterbot 대화 + konlpy 법·의안). 레슨 08과 테스트에서 사용."""
    return chatterbot_documents() + konlpy_documents()


def builtin_sentences(limit: int | None = None) -> list[str]:
    """``builtin_documents``의 문장을 한 줄씩 펼친 목록(어휘 학습·장난감 훈련용)."""
    sentences = [s for doc in builtin_documents() for s in doc]
    return sentences[:limit] if limit else sentences


def fetch_nsmc_raw(dest: str | Path, timeout: float = 60.0) -> Path:
    """온라인일 때 e9t/nsmc 저장소의 raw/*.json을 받아 ``dest``(.tsv.gz)로 저장합니다.

    오프라인이면 한국어 BertlabError. (이 저장소의 개발 기계에는 인터넷이 없어 쓰지 않았습니다.)
    """
    import urllib.request

    from bertlab.errors import BertlabError
    from bertlab.models import network_status

    if not network_status().online:
        raise BertlabError("인터넷에 연결되어 있지 않아 NSMC 원본을 내려받을 수 없습니다.",
                           hint="NSMC 리뷰 파일(.tsv.gz)을 직접 받아 --corpus 로 경로를 주세요.")
    with urllib.request.urlopen(NSMC_ARCHIVE_URL, timeout=timeout) as response:
        archive = io.BytesIO(response.read())
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=archive, mode="r:gz") as tar, gzip.open(dest, "wt", encoding="utf-8") as out:
        out.write("review_id\tmovie_id\trating\tdate\treview\n")
        for member in tar:
            if member.isfile() and "/raw/" in member.name and member.name.endswith(".json"):
                for item in json.load(tar.extractfile(member)):
                    text = " ".join(str(item.get("review", "")).split())
                    out.write(f"{item.get('review_id')}\t{item.get('movie_id')}\t{item.get('rating')}\t"
                              f"{item.get('date', '')}\t{text}\n")
    return dest

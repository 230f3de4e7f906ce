"""레슨 17의 토크나이저 비교 연구에 쓰는 실제 한국어 문장: NSMC 영화 리뷰와 KLUE 뉴스 문장.

패키지에는 이 모듈이 공유 데이터 폴더(``../shared/data``)에서 시드를 고정해 고른 작은 부분집합만 들어
있습니다(``bertlab/data/study_nsmc_reviews.tsv``, ``bertlab/data/study_klue_news.tsv``). 레슨은 그 파일만 읽으므로
인터넷도 공유 데이터도 없이 돌아갑니다. 고르는 규칙을 바꾸면 다시 만드세요::

    python -m bertlab.datasets.study_sentences --write

- NSMC 리뷰(CC0 1.0, github.com/e9t/nsmc): 원본 리뷰 644,494개 가운데 200자 이하인 리뷰에서 무작위로 250개.
- KLUE 뉴스 문장(CC BY-SA 4.0, github.com/KLUE-benchmark/KLUE): KLUE-NLI 개발 세트 일부의 전제(premise) 가운데
  출처가 뉴스(wikinews, wikitree)인 서로 다른 문장 300개에서 무작위로 250개. 이 파일은 원본과 같은
  CC BY-SA 4.0으로 배포합니다.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

from bertlab.errors import BertlabError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SEED = 17
PER_SOURCE = 250
MAX_REVIEW_CHARS = 200
NEWS_SOURCES = ("wikinews", "wikitree")
KLUE_NLI_FILE = "klue/klue-nli-v1.1_dev_part.json"
FILES = {"NSMC 리뷰": "study_nsmc_reviews.tsv", "KLUE 뉴스": "study_klue_news.tsv"}


def select_reviews(nsmc_raw: Path, n: int = PER_SOURCE, seed: int = SEED) -> list[tuple[str, str]]:
    """NSMC 원본 리뷰 -> [(review_id, 리뷰)] n개(200자 이하, review_id 순서로 정렬)."""
    from bertlab.datasets.corpus import read_nsmc_reviews

    reviews = [r for r in read_nsmc_reviews(nsmc_raw, split="all") if len(r.review) <= MAX_REVIEW_CHARS]
    chosen = random.Random(seed).sample(reviews, n)
    return sorted((str(r.review_id), r.review) for r in chosen)


def select_news(klue_nli: Path, n: int = PER_SOURCE, seed: int = SEED) -> list[tuple[str, str]]:
    """KLUE-NLI JSON -> 뉴스 출처 전제 [(guid, 문장)] n개(같은 전제는 처음 나온 guid로 한 번만)."""
    pairs = json.loads(klue_nli.read_text(encoding="utf-8"))
    first: dict[str, str] = {}
    for pair in pairs:
        if pair["source"] in NEWS_SOURCES:
            first.setdefault(pair["premise"].strip(), pair["guid"])
    unique = sorted((guid, premise) for premise, guid in first.items())
    return sorted(random.Random(seed).sample(unique, n))


def write_rows(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(["source_id", "text"])
        writer.writerows(rows)


def write_study_sentences(shared: Path, out_dir: Path = DATA_DIR) -> dict[str, Path]:
    """공유 데이터 폴더에서 두 부분집합을 골라 ``out_dir``에 씁니다. {출처 이름: 파일 경로}."""
    from bertlab.datasets.corpus import NSMC_RAW_FILE

    chosen = {"NSMC 리뷰": select_reviews(shared / NSMC_RAW_FILE),
              "KLUE 뉴스": select_news(shared / KLUE_NLI_FILE)}
    written = {}
    for name, rows in chosen.items():
        written[name] = out_dir / FILES[name]
        write_rows(written[name], rows)
    return written


def load_study_sentences(data_dir: Path = DATA_DIR) -> dict[str, list[str]]:
    """패키지에 든 연구용 문장 {출처 이름: [문장]}(레슨 17). 파일이 없으면 한국어 오류."""
    found = {}
    for name, filename in FILES.items():
        path = data_dir / filename
        if not path.is_file():
            raise BertlabError(f"레슨 17의 연구용 문장 파일이 없습니다: {path}",
                               hint="강의 저장소를 다시 내려받거나 `pip install -e .`로 다시 설치하세요.")
        with path.open(encoding="utf-8", newline="") as handle:
            found[name] = [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="레슨 17 연구용 문장(NSMC 리뷰, KLUE 뉴스)을 공유 데이터에서 다시 고릅니다.")
    parser.add_argument("--write", action="store_true", help="bertlab/data/에 TSV 두 개를 씁니다")
    args = parser.parse_args(argv)
    from bertlab.datasets.shared import shared_data_dir

    shared = shared_data_dir()
    if shared is None:
        print("공유 데이터 폴더(../shared/data)가 없어 고를 수 없습니다.")
        return 1
    if not args.write:
        print("확인만 했습니다. 파일을 쓰려면 --write를 붙이세요.")
        return 0
    for name, path in write_study_sentences(shared).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

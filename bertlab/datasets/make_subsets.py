"""내장 데이터 부분집합 고르기: ``python -m bertlab.datasets.make_subsets nsmc``.

레슨이 인터넷 없이 쓰는 실제 데이터(``bertlab/data/<이름>/``)를 개발용 공유 데이터(``../shared/data``)에서
시드를 고정해 고르고, 출처·라이선스·시드·개수를 ``subset.json``과 ``README.md``로 옆에 남깁니다. 같은 명령을
다시 돌리면 같은 파일이 나옵니다(테스트가 확인). 뒤 레슨(NER, NLI, STS …)은 ``SUBSETS``에 함수를 더합니다
(KLUE-NER: ``klue_ner.write_klue_ner``, 레슨 12; NLI·STS는 ``pair_subsets``, 레슨 13).

**NSMC**(레슨 11, 과제 ``sentiment``): 네이버 영화 리뷰 원본(CC0)에서 NSMC의 규칙(평점 1-4 부정, 9-10 긍정,
5-8 제외)으로 레이블을 붙이고, **영화 단위로** 나눕니다.

- 평가(test): ``ko-mini-bert``가 사전 훈련에서 보지 않은 평가용 영화(``is_heldout_movie``: 영화 id의 CRC32 % 100
  < 5)의 리뷰. 그래서 레슨의 평가 정확도는 모델이 글조차 본 적 없는 영화의 리뷰에 대한 정직한 값입니다.
- 검증(validation): 나머지 영화 중 ``crc32("validation:" + 영화 id) % 100 < 5``인 영화. 훈련 중 최고 모델 고르기용.
- 훈련(train): 그 밖의 영화(``ko-mini-bert``가 사전 훈련에서 레이블 없이 글만 본 영화).
- 긍정·부정 반반. 평가 → 검증 → 훈련 순으로 고르며, 앞에서 고른 리뷰와 글이 똑같은 리뷰(예: "최고", 영화가
  달라도 흔함)는 뒤에서 고르지 않습니다. 평가·검증 세트는 훈련 세트 크기와 무관하게 늘 같습니다.
"""

from __future__ import annotations

import argparse
import json
import random
import zlib
from pathlib import Path

from bertlab.datasets.corpus import NSMC_RAW_FILE, Review, is_heldout_movie, nsmc_label, read_nsmc_reviews
from bertlab.datasets.formats import write_nsmc_tsv
from bertlab.datasets.klue_ner import KLUE_NER_FILE, write_klue_ner
from bertlab.datasets.pair_subsets import KLUE_NLI_FILE, KORSTS_TRAIN_FILE, write_nli, write_sts
from bertlab.datasets.subset_record import file_sha256, write_record
from bertlab.errors import BertlabError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
NSMC_SIZES = {"test": 4000, "validation": 1000, "train": 20000}  # 고르는 순서대로
NSMC_SEED = 11
VALIDATION_PERCENT = 5


def nsmc_split_of(movie_id: str) -> str:
    """영화 id -> "test"(ko-mini-bert의 평가용 영화) | "validation" | "train". 어느 기계에서나 같은 답."""
    if is_heldout_movie(movie_id):
        return "test"
    if zlib.crc32(f"validation:{movie_id}".encode()) % 100 < VALIDATION_PERCENT:
        return "validation"
    return "train"


def select_nsmc(raw_path: str | Path, sizes: dict[str, int] = NSMC_SIZES,
                seed: int = NSMC_SEED) -> dict[str, list[tuple[Review, int]]]:
    """``{split: [(리뷰, 레이블)]}``. 몫마다 긍정·부정 반반, 영화 단위로 나뉘고, 몫 사이에 같은 글이 없습니다."""
    pools: dict[tuple[str, int], list[Review]] = {(s, label): [] for s in sizes for label in (0, 1)}
    for review in sorted(read_nsmc_reviews(raw_path, "all"), key=lambda r: r.review_id):
        label = nsmc_label(review.rating)
        if label is not None and (nsmc_split_of(review.movie_id), label) in pools:
            pools[nsmc_split_of(review.movie_id), label].append(review)
    rng = random.Random(seed)
    seen_texts: set[str] = set()
    chosen = {}
    for split, size in sizes.items():
        rows = []
        for label in (0, 1):
            pool = pools[split, label]
            rng.shuffle(pool)
            picked = []
            for review in pool:
                if len(picked) == size // 2:
                    break
                text = " ".join(review.review.split())
                if text not in seen_texts:
                    seen_texts.add(text)
                    picked.append(review)
            if len(picked) < size // 2:
                raise BertlabError(f"NSMC {split}에 {'부정' if label == 0 else '긍정'} 리뷰가 {len(picked):,}개뿐입니다"
                                   f"({size // 2:,}개 필요).", hint="--train 등으로 개수를 줄이세요.")
            rows += [(review, label) for review in picked]
        rng.shuffle(rows)
        chosen[split] = rows
    return chosen


def write_nsmc(raw_path: Path, out_dir: Path, train_size: int | None = None, seed: int = NSMC_SEED) -> dict:
    """고른 리뷰를 NSMC 형식(``<split>.tsv``)으로 쓰고, 기록(``subset.json``)과 ``README.md``를 남깁니다.

    train_size: 훈련 리뷰 수(기본 ``NSMC_SIZES``). 더 긴 훈련용으로 크게 고를 때도 평가·검증 세트는 같습니다.
    """
    sizes = NSMC_SIZES | ({"train": train_size} if train_size else {})
    chosen = select_nsmc(raw_path, sizes, seed)
    for split, rows in chosen.items():
        write_nsmc_tsv(out_dir / f"{split}.tsv", [(r.review_id, r.review, label) for r, label in rows])
    record = {
        "dataset": "NSMC(Naver Sentiment Movie Corpus) 원본 리뷰",
        "source": f"{NSMC_RAW_FILE} (github.com/e9t/nsmc 의 raw/, 리뷰 644,494개)",
        "source_sha256": file_sha256(raw_path),
        "licence": "CC0 1.0", "attribution": "Lucy Park, github.com/e9t/nsmc",
        "label_rule": "평점 1-4 -> 0(부정), 9-10 -> 1(긍정), 5-8 제외",
        "split_rule": "test: 영화 id의 CRC32 % 100 < 5(ko-mini-bert의 평가용 영화); validation: 나머지 중 "
                      f"crc32('validation:' + 영화 id) % 100 < {VALIDATION_PERCENT}; train: 그 밖",
        "seed": seed, "command": "python -m bertlab.datasets.make_subsets nsmc",
        "counts": {split: {"negative": sum(1 for _, lab in rows if lab == 0),
                           "positive": sum(1 for _, lab in rows if lab == 1),
                           "movies": len({r.movie_id for r, _ in rows})} for split, rows in chosen.items()},
    }
    write_record(out_dir, record, _nsmc_readme(record))
    return record


def _nsmc_readme(record: dict) -> str:
    rows = "\n".join(f"| `{split}.tsv` | {c['negative'] + c['positive']:,} | {c['negative']:,} / {c['positive']:,} | "
                     f"{c['movies']:,} |" for split, c in record["counts"].items())
    return f"""# NSMC 내장 부분집합 (레슨 11, 과제 `sentiment`)

네이버 영화 리뷰 원본(NSMC raw, **CC0 1.0**, Lucy Park, https://github.com/e9t/nsmc)에서
`{record['command']}`가 시드 {record['seed']}로 고른 실제 리뷰입니다. 형식은 NSMC가 공개한 그대로
`id<TAB>document<TAB>label`(id는 원본의 리뷰 id, label 0 부정·1 긍정)입니다.

| 파일 | 리뷰 | 부정 / 긍정 | 영화 수 |
|---|---|---|---|
{rows}

- 레이블: NSMC의 규칙(평점 1-4 부정, 9-10 긍정, 5-8 제외).
- **영화 단위로 나눔**: 한 영화의 리뷰는 한 파일에만 있습니다. `test.tsv`는 강의의 `ko-mini-bert`가 사전 훈련에서
  보지 않은 평가용 영화(영화 id의 CRC32 % 100 < 5)의 리뷰라, 평가 정확도가 처음 보는 영화에 대한 정직한 값입니다.
  `validation.tsv`는 훈련 중 최고 모델을 고르는 데 쓰고, `test.tsv`는 마지막에 한 번만 씁니다.
- 몫 사이에 글이 똑같은 리뷰는 없습니다(평가 → 검증 → 훈련 순으로 고르며 이미 나온 글은 건너뜀).
- 원본 파일의 SHA-256, 규칙과 개수: `subset.json`.
"""


SUBSETS = {  # 이름 -> (공유 데이터 파일, write(원본, 폴더, 훈련 수))
    "nsmc": (NSMC_RAW_FILE, write_nsmc),
    "klue-ner": (KLUE_NER_FILE, write_klue_ner),  # 레슨 12
    "nli": (KLUE_NLI_FILE, write_nli),  # 레슨 13(pair_subsets)
    "sts": (KORSTS_TRAIN_FILE, write_sts),
}


def main(argv: list[str] | None = None) -> int:
    from bertlab.datasets.shared import shared_data_file

    parser = argparse.ArgumentParser(prog="python -m bertlab.datasets.make_subsets", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", default=list(SUBSETS), choices=list(SUBSETS), metavar="이름")
    parser.add_argument("--out", default=None, help="쓸 폴더(기본: bertlab/data/<이름>)")
    parser.add_argument("--train", type=int, default=None, help="훈련 예제 수(바꾸면 --out도 주세요: 내장 데이터는 그대로)")
    args = parser.parse_args(argv)
    for name in args.names:
        source, write = SUBSETS[name]
        raw = shared_data_file(source)
        if raw is None:
            raise SystemExit(f"공유 데이터 {source}가 없어 {name} 부분집합을 만들 수 없습니다(../shared/data).")
        if args.train and args.out is None:
            raise SystemExit("훈련 예제 수를 바꾸면 내장 데이터 대신 --out 폴더에 쓰세요.")
        out = Path(args.out) if args.out else DATA_DIR / name
        record = write(raw, out, args.train)
        print(f"{name}: {out} {json.dumps(record['counts'], ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

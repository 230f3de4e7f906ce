"""내장 NSMC 부분집합(``bertlab/data/nsmc``)은 저장소의 스크립트가 공유 데이터에서 고른 그대로이고(결정적),
긍정·부정이 반반이며, 영화 단위로 나뉘어 평가 세트는 ``ko-mini-bert``가 사전 훈련에서 보지 않은 영화의 리뷰뿐이다.
공유 데이터(../shared/data)가 없으면 건너뜁니다."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bertlab.datasets import NSMC_RAW_FILE, is_heldout_movie, nsmc_split_of, read_nsmc_tsv, select_nsmc
from bertlab.datasets.make_subsets import DATA_DIR, NSMC_SIZES

SHIPPED = DATA_DIR / "nsmc"


@pytest.fixture(scope="module")
def selection(shared_data: Path):
    raw = shared_data / NSMC_RAW_FILE
    if not raw.exists():
        pytest.skip(f"공유 데이터에 {NSMC_RAW_FILE}이(가) 없어 건너뜁니다.")
    return select_nsmc(raw)


def shipped_ids(split: str) -> list[int]:
    lines = (SHIPPED / f"{split}.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [int(line.split("\t", 1)[0]) for line in lines]


def test_shipped_files_are_exactly_what_the_script_selects(selection):
    for split, rows in selection.items():
        assert shipped_ids(split) == [review.review_id for review, _ in rows], split
        assert read_nsmc_tsv(SHIPPED / f"{split}.tsv") == [(" ".join(r.review.split()), label) for r, label in rows]


def test_every_split_is_balanced_with_the_recorded_counts(selection):
    record = json.loads((SHIPPED / "subset.json").read_text(encoding="utf-8"))
    for split, rows in selection.items():
        labels = Counter(label for _, label in rows)
        assert labels == {0: NSMC_SIZES[split] // 2, 1: NSMC_SIZES[split] // 2}
        assert record["counts"][split] == {"negative": labels[0], "positive": labels[1],
                                           "movies": len({r.movie_id for r, _ in rows})}


def test_labels_follow_the_nsmc_rating_rule(selection):
    for rows in selection.values():
        for review, label in rows:
            assert (review.rating <= 4 and label == 0) or (review.rating >= 9 and label == 1), review


def test_splits_are_movie_disjoint_and_test_movies_were_held_out_from_ko_mini_bert(selection):
    movies = {split: {r.movie_id for r, _ in rows} for split, rows in selection.items()}
    assert not movies["train"] & movies["test"] and not movies["train"] & movies["validation"]
    assert not movies["validation"] & movies["test"]
    assert all(is_heldout_movie(m) for m in movies["test"])          # ko-mini-bert가 글조차 보지 않은 영화
    assert not any(is_heldout_movie(m) for m in movies["train"] | movies["validation"])
    assert all(nsmc_split_of(m) == split for split in movies for m in movies[split])


def test_no_review_text_appears_in_two_splits(selection):
    texts = {split: {" ".join(r.review.split()) for r, _ in rows} for split, rows in selection.items()}
    assert all(len(texts[s]) == len(selection[s]) for s in texts)   # 한 몫 안에서도 중복 없음
    assert not texts["train"] & texts["test"] and not texts["train"] & texts["validation"]
    assert not texts["validation"] & texts["test"]


def test_a_bigger_training_file_keeps_the_same_test_and_validation_sets(shared_data, selection):
    bigger = select_nsmc(shared_data / NSMC_RAW_FILE, NSMC_SIZES | {"train": NSMC_SIZES["train"] + 2000})
    for split in ("test", "validation"):
        assert [r.review_id for r, _ in bigger[split]] == [r.review_id for r, _ in selection[split]]
    assert len(bigger["train"]) == NSMC_SIZES["train"] + 2000

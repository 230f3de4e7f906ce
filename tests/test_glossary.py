"""용어집(bertlab/data/glossary.csv)이 레슨과 맞는지: 용어마다 그 레슨 본문에 나오고, 한 뜻에 한 용어만 씁니다."""

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "bertlab" / "data" / "glossary.csv"
LESSONS = {path.name[:2]: path for path in (ROOT / "lessons").glob("*.md")}
# 한 뜻에 용어 하나: 왼쪽은 쓰지 않기로 한 말, 오른쪽은 대신 쓰는 용어집의 말.
RETIRED = {"점곱": "내적", "찍기": "우연 수준", "어텐션 가중치": "어텐션 확률", "씨앗 문서": "실제 출처(논문, 블로그)",
           "강의 원문": "실제 출처(논문, 블로그)", "눈금(weight)": "배율 γ", "치우침(bias)": "이동 β",
           # 이슈 41: 한 뜻에 용어 하나(에포크, 파라미터, 헤드, 스피어먼, 샴 구조, "사전 훈련만 한")
           "에폭": "에포크", "매개변수": "파라미터", "스피어만": "스피어먼", "시아미즈": "샴 구조",
           "분류 머리": "분류 헤드", "날 BERT": "사전 훈련만 한 BERT", "날 [CLS]": "사전 훈련만 한 [CLS]",
           "날 `[CLS]`": "사전 훈련만 한 `[CLS]`", "날 평균": "사전 훈련만 한 평균 풀링"}
WIDGETS = sorted((ROOT / "bertlab" / "widgets").glob("*.py"))


def rows():
    with GLOSSARY.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_row_is_complete_and_terms_are_unique():
    seen = set()
    for row in rows():
        assert all(row[key].strip() for key in ("korean", "english", "lesson", "description")), row
        assert row["korean"] not in seen, f"용어가 두 번 나옵니다: {row['korean']}"
        seen.add(row["korean"])


@pytest.mark.parametrize("row", rows(), ids=lambda row: f"{row['lesson']}-{row['korean']}")
def test_term_appears_in_its_lesson(row):
    assert row["lesson"] in LESSONS, f"레슨 {row['lesson']} 파일이 없습니다"
    assert row["korean"] in LESSONS[row["lesson"]].read_text(encoding="utf-8"), (
        f"'{row['korean']}'이(가) 레슨 {row['lesson']}에 나오지 않습니다")


@pytest.mark.parametrize("word", sorted(RETIRED))
def test_retired_words_are_not_used(word):
    places = [path.name for path in [*LESSONS.values(), *(ROOT / "bertlab" / "exercises" / "bank").glob("*.py"),
                                     GLOSSARY, *WIDGETS] if word in path.read_text(encoding="utf-8")]
    assert not places, f"'{word}' 대신 '{RETIRED[word]}'을(를) 쓰세요: {places}"


def test_fine_tuning_lessons_call_a_task_head_a_head():
    """레슨 05-08의 '헤드'(어텐션 헤드, MLM 헤드, NSP 헤드)와 같은 말을 씁니다. '머리줄'(표의 첫 줄)은 다른 말."""
    import re

    head = re.compile(r"머리(?!줄)")
    places = [f"{name}: {line.strip()[:60]}" for name, path in LESSONS.items() if "11" <= name <= "17"
              for line in path.read_text(encoding="utf-8").splitlines() if head.search(line)]
    assert not places, places

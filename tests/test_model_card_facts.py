"""ko-mini-bert의 사실(훈련 시간, 두 가지 정확도)은 facts.json 한곳에서 나오고, README·모델 카드·레슨이 같은 값을 씁니다."""

import re
from pathlib import Path

from bertlab.pretraining import ko_mini_bert_facts

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "bertlab" / "checkpoints" / "ko-mini-bert" / "README.md"


def test_facts_read_and_phrase():
    facts = ko_mini_bert_facts()
    assert facts.training_phrase() == "2코어 CPU로 약 18시간, 이어서 GPU로 7분 반"
    # 빈칸 채우기(모두 [MASK])는 그대로 둔 10%가 없으니 사전 훈련 목표 정확도보다 낮아야 합니다.
    assert 0 < facts.blank_top1 < facts.objective_top1 < facts.objective_top5
    assert facts.objective_top1 >= facts.target_objective_top1
    lines = facts.accuracy_lines()
    assert f"{facts.blank_top1:.3f}" in lines[0] and f"{facts.objective_top1:.3f}" in lines[1]


def test_readme_and_model_card_quote_the_same_facts():
    facts = ko_mini_bert_facts()
    for path in (ROOT / "README.md", CARD):
        text = path.read_text(encoding="utf-8")
        assert facts.training_phrase() in text, path
        assert f"{facts.objective_top1:.3f}" in text, path
        assert f"{facts.blank_top1:.3f}" in text, path
        assert "빈칸 채우기 정확도" in text and "사전 훈련 목표 정확도" in text, path


def test_lessons_do_not_restate_training_time():
    """훈련 시간은 레슨 본문에 박지 않고 facts에서 읽습니다(예전에 레슨마다 값이 달랐음)."""
    for path in sorted((ROOT / "lessons").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(몇|\d+) ?시간 훈련|18시간|7분 반", text), path.name

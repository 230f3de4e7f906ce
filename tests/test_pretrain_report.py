"""``python -m bertlab pretrain-report``: 모델 카드의 곡선 행·되돌아감·빈칸 표를 훈련 기록에서 뽑기(이슈 4)."""

import json

import pytest

from bertlab.cli import main as bertlab_main
from bertlab.errors import BertlabError
from bertlab.pretraining import block_means, curve_rows, card_fill_mask_rows, read_log, restart_recovery


def _records(steps: int = 6000, dip_until: int = 1000) -> list[dict]:
    """20단계마다 기록. 정확도는 처음 ``dip_until``단계 동안 0.30, 그 뒤 0.50 (구간 시작의 되돌아감 흉내)."""
    return [{"step": s, "seconds": s * 1.5, "lr": 1e-4 * (1 - s / steps), "mlm_loss": 3.0, "nsp_loss": 0.3,
             "nsp_acc": 0.9, "mlm_acc": 0.30 if s <= dip_until else 0.50} for s in range(20, steps + 1, 20)]


def test_curve_rows_count_on_from_the_previous_stages_and_end_at_the_last_record():
    rows = curve_rows(_records(), start_step=100_000, start_seconds=40_000)
    steps = [row.split(" | ")[0].strip("| ") for row in rows]
    assert steps == ["100,020", "100,100", "100,300", "101,000", "102,000", "104,000", "106,000"]
    assert rows[-1] == "| 106,000 | 49000 | 0.0e+00 | 3.00 | 0.500 | 0.300 | 0.900 |"
    every_1000 = [row.split(" | ")[0].strip("| ") for row in curve_rows(_records(), every=1000)]
    assert every_1000[-3:] == ["4,000", "5,000", "6,000"]  # 마지막 기록과 겹치는 행은 한 번만


def test_block_means_and_restart_recovery_find_the_dip_and_where_it_ends():
    records = _records()
    assert block_means(records) == pytest.approx([0.40, 0.50, 0.50])  # 첫 2,000단계: 절반이 0.30
    recovery = restart_recovery(records, target=0.50)
    assert recovery["lowest"] == pytest.approx(0.30)
    assert recovery["lowest_step"] == 20
    assert recovery["recovered_step"] == 3000  # 2,000단계 이동 평균이 0.30 구간을 다 벗어나는 곳
    assert restart_recovery(records, target=0.60)["recovered_step"] is None


def test_fill_mask_rows_match_the_model_card_table():
    report = {"rows": [{"sentence": "돈이 [MASK] 영화였다.", "top": [("아까운", 0.912), ("많은", 0.03)],
                        "sensible": True},
                       {"sentence": "배가 고파서 밥을 [MASK].", "top": [(".", 0.15)], "sensible": False}]}
    assert card_fill_mask_rows(report) == ["| 1 | 돈이 [MASK] 영화였다. | 아까운 (0.91), 많은 (0.03) | O |",
                                      "| 2 | 배가 고파서 밥을 [MASK]. | . (0.15) | X |"]


def test_cli_prints_the_rows_and_explains_a_missing_log_in_korean(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    (run / "log.jsonl").write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    assert bertlab_main(["pretrain-report", "--run-dir", str(run), "--start-step", "10"]) == 0
    out = capsys.readouterr().out
    assert "| 6,010 | 9000 |" in out
    assert "2,000단계 평균 MLM 정확도: 0.400 0.500 0.500" in out
    assert "2,000단계에서 회복" in out  # 기본 기준은 첫 2,000단계 평균(0.40): 이동 평균이 0.40에 닿는 곳
    assert bertlab_main(["pretrain-report", "--run-dir", str(tmp_path / "없음")]) == 1
    assert "훈련 기록이 없습니다" in capsys.readouterr().err
    (run / "log.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(BertlabError, match="비어 있습니다"):
        read_log(run)

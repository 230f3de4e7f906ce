"""강의용 한국어 BERT(``bertlab/checkpoints/ko-mini-bert``)의 수치를 벤치마크 표로(이슈 4, 모델 카드의 표).

계산은 ``bertlab.pretraining.figures``가 합니다(모델 카드를 만드는 ``pretrain-report``도 같은 것을 씀).

- 평가용 영화 리뷰(영화 id 해시로 떼어 둔 5%)에서 MLM top-1/top-5(리뷰 하나씩: 평가용 리뷰 전부를 사전 훈련 목표
  그대로(80/10/10)와 빈칸 채우기(고른 자리를 모두 [MASK])로 한 번씩, 2,000개 표본, 그리고 훈련과 같은 NSP 쌍
  형식)와 NSP 정확도.
- 빈칸 채우기 20문장(일상 10 + 리뷰체 10): 상위 5개 안에 미리 정한 '말이 되는 답'이 있는 문장 수.
공유 데이터(../shared/data)가 없으면 그것을 쓰는 항목은 건너뜁니다. 60초 감성 분류 파인 튜닝(ko-mini-bert와
multilingual-e5-small 비교)은 ``finetune_sentiment`` 벤치마크가 잽니다.
"""

from __future__ import annotations

from bertlab.benchmarks import Figure


def run() -> list[Figure]:
    from bertlab.pretraining import card_fill_mask_rows, collect_figures
    from bertlab.pretraining.figures import CHECKPOINT

    if not (CHECKPOINT / "config.json").exists():
        return [Figure("ko-mini-bert", float("nan"), "", note="체크포인트가 없습니다(python -m bertlab pretrain)")]
    figures = collect_figures()
    print("\n".join(card_fill_mask_rows(figures["fill_mask"])))  # 모델 카드의 표와 같은 형식
    out = [Figure("ko-mini-bert 빈칸 채우기(말이 되는 답, 20문장)", figures["fill_mask"]["sensible"], "문장")]
    if figures["heldout"] is None:
        return out + [Figure("ko-mini-bert 평가용 리뷰 수치", float("nan"), "", note="공유 데이터 없음: 건너뜀")]
    heldout = figures["heldout"]
    everything, single, pairs = heldout["all_reviews"], heldout["single_review"], heldout["pairs"]

    def spread(result: dict) -> str:
        return f"고른 자리 {result['masked_tokens']:,}개, 표준오차 {result['top1_standard_error']:.4f}"

    blank = heldout["all_reviews_blank"]
    out += [Figure("ko-mini-bert 사전 훈련 목표 정확도 top-1 (평가용 리뷰 전부, 80/10/10)", everything["top1"], "",
                   ">= 0.40", spread(everything)),
            Figure("ko-mini-bert 빈칸 채우기 정확도 top-1 (평가용 리뷰 전부, 모두 [MASK])", blank["top1"], "",
                   note=spread(blank)),
            Figure("ko-mini-bert 빈칸 채우기 정확도 top-5", blank["top5"], ""),
            Figure("ko-mini-bert MLM top-5 (평가용 리뷰 전부)", everything["top5"], ""),
            Figure("ko-mini-bert MLM top-1 (평가용 리뷰 2,000개 표본)", single["top1"], "", note=spread(single)),
            Figure("ko-mini-bert MLM top-1 (NSP 쌍 형식)", pairs["mlm_top1"], ""),
            Figure("ko-mini-bert NSP 정확도", pairs["nsp_accuracy"], "")]
    return out

"""사전 훈련한 BERT 평가: 평가용 리뷰에서 MLM top-1/top-5 정확도와 NSP 정확도, 빈칸 채우기.

``ko-mini-bert``의 모델 카드 수치를 만들고, 레슨 07(빈칸 채우기 놀이터)·08(훈련 뒤 확인)이 씁니다.
MLM 정확도는 고른(마스킹한) 자리에서만 잽니다: [MASK]·무작위·그대로 세 경우 모두 포함.
"""

from __future__ import annotations

import random

import torch

from bertlab.pretraining.masking import IGNORE_INDEX, mask_tokens, special_tokens_mask

# 빈칸 채우기 20문장: 앞 10개는 일상 문장, 뒤 10개는 영화 리뷰체. 각 문장의 '말이 되는 답' 목록은
# 훈련 결과를 보기 전에 정해 두었습니다(top-5 안에 하나라도 있으면 '말이 됨'으로 셈).
FILL_MASK_SENTENCES: list[tuple[str, set[str]]] = [
    ("오늘은 날씨가 정말 [MASK].", {"좋다", "좋네요", "좋아요", "좋네", "좋음", "덥다", "춥다", "맑다", "덥네요",
                                "춥네요", "좋습니다", "더워요", "추워요", "좋았다", "좋구나", "좋다고"}),
    ("배가 고파서 밥을 [MASK].", {"먹었다", "먹었어요", "먹어요", "먹음", "먹자", "먹었음", "먹는다", "먹었습니다",
                             "먹었네요", "먹다", "먹어", "먹었어", "먹고"}),
    ("주말에 친구랑 같이 영화를 [MASK].", {"봤다", "봤어요", "보았다", "봄", "봤음", "봤습니다", "보았습니다", "봤네요",
                                  "봐요", "본다", "봤는데", "봤어", "보러", "보고", "봤고"}),
    ("나는 아침마다 커피를 [MASK].", {"마신다", "마셔요", "마셨다", "마심", "마십니다", "마셨어요", "마셔", "마시고"}),
    ("감기에 걸려서 병원에 [MASK].", {"갔다", "갔어요", "다녀왔다", "갔습니다", "감", "갔음", "가요", "간다", "갔어",
                              "갔는데", "가서"}),
    ("생일 축하해, 오늘 하루 [MASK] 보내!", {"잘", "즐겁게", "행복하게", "재밌게", "좋게", "재미있게", "편하게"}),
    ("시험에서 좋은 [MASK] 받았다.", {"점수를", "성적을", "결과를", "평가를", "평점을", "점수", "상을"}),
    ("지하철이 늦게 와서 회사에 [MASK].", {"늦었다", "지각했다", "늦었어요", "늦음", "늦었습니다", "늦었음", "늦었네요"}),
    ("어제 너무 피곤해서 일찍 [MASK].", {"잤다", "잤어요", "잠", "잠들었다", "잤음", "잤습니다", "잠들었어요", "잤는데",
                               "잠들었음", "퇴근했다", "들어갔다"}),
    ("겨울에는 [MASK] 많이 와서 길이 미끄럽다.", {"눈이", "비가", "눈", "눈도"}),
    ("이 영화 정말 [MASK].", {"재밌다", "재밌어요", "재미있다", "최고", "최고다", "좋다", "재밌음", "재미있어요", "감동",
                         "별로", "재미없다", "좋아요", "재밌네요", "명작", "대박", "재미있음", "재밌었다", "최악",
                         "재밌었어요", "좋았다", "지루하다", "재미없음", "재미없어요", "좋네요", "최고입니다", "감동적",
                         "재밌었음", "최고의", "재미있었다", "잘", "좋은", "재밌게", "재미있게", "재밌는", "좋음"}),
    ("배우들의 [MASK] 정말 좋았다.", {"연기가", "연기는", "연기", "연기도", "호흡이", "케미가", "연기력이", "연기력",
                              "연기력은", "연기력도", "표정이", "목소리가", "캐릭터가", "연기와"}),
    ("스토리가 너무 [MASK] 중간에 잠들었다.", {"지루해서", "뻔해서", "지루하고", "재미없어서", "느려서", "길어서",
                                   "유치해서", "지루하다", "지루함", "지루해", "루즈해서", "지루하게", "지루한"}),
    ("돈이 [MASK] 영화였다.", {"아까운", "아깝다", "아까웠던", "아까워", "아까움", "아까운데", "아깝지", "아깝지않은",
                          "안아까운", "아까울"}),
    ("평점이 너무 [MASK] 이해가 안 된다.", {"낮아서", "높아서", "낮다", "높다", "낮네", "낮은", "높은", "낮아", "높아",
                                   "낮음", "높음", "낮네요", "높네요", "낮고", "높고", "낮게", "높게"}),
    ("이 영화는 [MASK] 봐도 재미있다.", {"다시", "또", "두번", "몇번", "여러번", "계속", "언제", "지금", "혼자", "가족과",
                                "다시봐도", "몇번을", "몇번이고", "봐도", "10번", "백번", "열번", "자꾸", "매번", "지금도"}),
    ("마지막 장면에서 눈물이 [MASK].", {"났다", "났어요", "나왔다", "남", "났음", "나더라", "납니다", "흘렀다", "나요",
                                "나네요", "난다", "났네요", "났습니다", "나", "나옴", "펑펑", "핑"}),
    ("감독의 다음 [MASK] 기대된다.", {"작품이", "작품", "작품도", "영화가", "영화", "영화도", "편이", "편도", "시리즈가",
                              "작품을", "작품은", "작품들이", "작품들"}),
    ("음악이 영화의 [MASK] 잘 어울렸다.", {"분위기와", "분위기랑", "장면과", "내용과", "스토리와", "분위기에", "영상과",
                                 "느낌과", "배경과", "분위기", "영상미와", "장면들과", "내용이랑", "색깔과", "분위기를"}),
    ("원작 소설보다 영화가 더 [MASK].", {"재밌다", "좋다", "낫다", "재미있다", "좋았다", "재밌었다", "나았다", "별로",
                                "재밌음", "재밌어요", "좋아요", "감동적이다", "좋음", "재미있었다", "낫네", "나음",
                                "별로다", "재미없다", "실망", "좋네요", "재밌네요", "나은", "재미있음", "감동", "재밌는듯",
                                "괜찮다", "낫네요", "나은듯", "최고", "좋은듯", "재밌었음", "재밌네", "좋았음", "감동적"}),
]


def top_mask_candidates(model, tokenizer, sentences: list[str], top_k: int = 5) -> list[list[tuple[str, float]]]:
    """[MASK]가 하나 있는 문장마다 상위 ``top_k`` 후보(토큰, 확률)를 돌려줍니다. 레슨 07에서 사용.

    model은 ``BertForMaskedLM`` 또는 ``BertForPreTraining``(둘 다 logits의 첫 출력이 MLM 점수).
    """
    enc = tokenizer(sentences, return_tensors="pt", padding=True)
    with torch.no_grad():
        out = model(**enc)
    logits = out.logits if hasattr(out, "logits") else out.prediction_logits  # (B, T, V)
    results = []
    for row, ids in enumerate(enc["input_ids"]):
        position = int((ids == tokenizer.mask_token_id).nonzero()[0, 0])
        probs = logits[row, position].float().softmax(-1)  # (V,)
        top = probs.topk(top_k)
        results.append([(tokenizer.convert_ids_to_tokens(int(i)), float(p)) for p, i in zip(top.values, top.indices)])
    return results


def fill_mask_report(model, tokenizer, cases=FILL_MASK_SENTENCES, top_k: int = 5) -> dict:
    """20문장 빈칸 채우기: 문장별 상위 5개와, 미리 정한 '말이 되는 답'이 상위 5개 안에 있는 문장 수."""
    predictions = top_mask_candidates(model, tokenizer, [s for s, _ in cases], top_k)
    rows = []
    for (sentence, acceptable), top in zip(cases, predictions):
        sensible = any(token in acceptable for token, _ in top)
        rows.append({"sentence": sentence, "top": top, "sensible": sensible})
    return {"rows": rows, "sensible": sum(r["sensible"] for r in rows), "total": len(rows)}


def masked_lm_accuracy(model, tokenizer, texts_or_batches, batch_size: int = 64, seed: int = 0,
                       max_length: int = 128, fill_in_blank: bool = False) -> dict:
    """문장 하나씩([CLS] 문장 [SEP]) 15%를 골라 고른 자리의 top-1/top-5 정확도를 잽니다.

    fill_in_blank=False: 사전 훈련 목표 그대로(고른 자리의 80% [MASK], 10% 무작위, 10% 그대로). 그대로 둔 10%는
    답이 보이는 자리라 쉽게 맞으므로, 이 값은 빈칸 채우기 정확도보다 높게 나옵니다.
    fill_in_blank=True: 고른 자리를 모두 [MASK]로 바꿉니다(학생이 떠올리는 "빈칸 채우기 정확도").
    같은 시드면 두 경우 모두 같은 자리를 고릅니다.
    """
    ratios = {"mask_ratio": 1.0, "random_ratio": 0.0} if fill_in_blank else {}
    generator = torch.Generator().manual_seed(seed)
    special = [tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id]
    top1 = top5 = count = 0
    for start in range(0, len(texts_or_batches), batch_size):
        enc = tokenizer(texts_or_batches[start:start + batch_size], return_tensors="pt", padding=True,
                        truncation=True, max_length=max_length)
        masked, labels = mask_tokens(enc["input_ids"], special_tokens_mask(enc["input_ids"], special),
                                     len(tokenizer), tokenizer.mask_token_id, generator=generator, **ratios)
        with torch.no_grad():
            out = model(input_ids=masked, attention_mask=enc["attention_mask"],
                        token_type_ids=enc["token_type_ids"])
        logits = out.logits if hasattr(out, "logits") else out.prediction_logits  # (B, T, V)
        chosen = labels != IGNORE_INDEX  # (B, T)
        best = logits[chosen].topk(5, dim=-1).indices  # (M, 5)
        target = labels[chosen].unsqueeze(-1)  # (M, 1)
        top1 += int((best[:, :1] == target).sum())
        top5 += int((best == target).any(-1).sum())
        count += int(chosen.sum())
    return {"top1": top1 / max(count, 1), "top5": top5 / max(count, 1), "masked_tokens": count}


def pretraining_accuracy(model, stream, num_batches: int = 30, first_step: int = 0) -> dict:
    """훈련과 같은 형식(NSP 쌍 + MLM)의 배치로 MLM top-1/top-5와 NSP 정확도를 잽니다.

    stream: 평가용 말뭉치로 만든 ``PretrainingStream``(시드 고정이라 매번 같은 배치).
    """
    model.eval()
    top1 = top5 = count = nsp_correct = nsp_count = 0
    for step in range(first_step, first_step + num_batches):
        batch = stream.batch(step)
        with torch.no_grad():
            out = model.bert(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                             token_type_ids=batch["token_type_ids"])
            chosen = batch["labels"] != IGNORE_INDEX  # (B, T)
            logits = model.cls.predictions(out.last_hidden_state[chosen])  # (M, V)
            nsp_logits = model.cls.seq_relationship(out.pooler_output)  # (B, 2)
        best = logits.topk(5, dim=-1).indices  # (M, 5)
        target = batch["labels"][chosen].unsqueeze(-1)  # (M, 1)
        top1 += int((best[:, :1] == target).sum())
        top5 += int((best == target).any(-1).sum())
        count += int(chosen.sum())
        nsp_correct += int((nsp_logits.argmax(-1) == batch["next_sentence_label"]).sum())
        nsp_count += len(batch["next_sentence_label"])
    return {"mlm_top1": top1 / max(count, 1), "mlm_top5": top5 / max(count, 1), "masked_tokens": count,
            "nsp_accuracy": nsp_correct / max(nsp_count, 1), "nsp_pairs": nsp_count}


def sample_texts(documents: list[list[str]], n: int, seed: int = 0) -> list[str]:
    """문서들에서 문장 n개를 결정적으로 뽑습니다."""
    texts = [s for doc in documents for s in doc]
    return random.Random(seed).sample(texts, min(n, len(texts)))

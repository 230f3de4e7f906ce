"""빈칸 채우기(fill-mask): [MASK]가 들어간 문장에서 빈칸마다 상위 k개 후보와 확률. 레슨 07·08에서 사용.

위젯(``bertlab.widgets.fill_mask``)은 입력 상자만 붙이고, 계산은 모두 여기 있는 평범한 함수가 합니다.

- 빈칸 표시는 ``[MASK]``(BERT)와 ``<mask>``(RoBERTa·XLM-R) 둘 다 받아서 그 모델 토크나이저의 마스크
  토큰으로 바꿉니다. 대소문자는 가리지 않습니다(``[mask]``도 됨).
- 빈칸이 여러 개면 각 빈칸을 **따로** 예측합니다. 모델은 한 번에 모든 빈칸의 분포를 내지만,
  다른 빈칸에 무엇이 들어갈지는 모르는 채로 예측합니다(빈칸끼리 서로를 보지 못함).
- 빈 문장, 빈칸 없음, 빈칸이 너무 많음, 너무 긴 문장은 한국어 ``InputError``로 알려 줍니다.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bertlab.errors import BertlabError, InputError, ModelUnavailableError

MASK_PATTERN = re.compile(r"\[mask\]|<mask>", re.IGNORECASE)
MAX_MASKS = 5
MAX_CHARS = 1000
EXAMPLE = "오늘은 날씨가 정말 [MASK]."
# 레슨 07 놀이터의 예문 단추: 오프라인 ko-mini-bert가 잘 채우는 리뷰체와, 본 적이 드물어 약한 일상 문장.
FILL_MASK_EXAMPLES = {
    "리뷰체: 배우들의 연기": "배우들의 [MASK] 정말 좋았다.",
    "리뷰체: 지루한 스토리": "스토리가 너무 [MASK] 중간에 잤다.",
    "리뷰체: 마지막 장면": "마지막 [MASK]에서 눈물이 났다.",
    "일상: 점심 메뉴": "오늘 점심에 [MASK]을 먹었다.",
    "일상: 배고플 때": "배가 고파서 밥을 [MASK].",
    "일상: 내일 할 일": "내일은 [MASK]에 가야 한다.",
}


@dataclass
class MaskPrediction:
    """빈칸 하나의 예측. position은 토큰 위치, candidates는 (토큰, 확률) 상위 k개(확률 내림차순)."""

    position: int
    candidates: list[tuple[str, float]]


@dataclass
class FillMaskResult:
    text: str                       # 모델에 넣은 문장(빈칸 표시를 이 모델의 마스크 토큰으로 바꾼 것)
    tokens: list[str]               # 토큰(특수 토큰 포함)
    predictions: list[MaskPrediction]
    filled: str                     # 빈칸마다 1위 후보를 넣은 문장
    notices: list[str] = field(default_factory=list)


def prepare_masked_text(text, mask_token: str | None, max_masks: int = MAX_MASKS) -> tuple[str, int]:
    """빈칸 표시를 ``mask_token``으로 통일하고 입력을 검사합니다. (바꾼 문장, 빈칸 수)를 돌려줍니다."""
    if mask_token is None:
        raise ModelUnavailableError("이 토크나이저에는 마스크 토큰이 없어 빈칸 채우기를 할 수 없습니다.",
                                    hint="MLM 헤드가 있는 모델을 쓰세요: load(\"ko-mlm\", head=\"mlm\")")
    if not isinstance(text, str):
        raise InputError(f"문장은 문자열로 주세요(받은 값의 종류: {type(text).__name__}).", hint=f"예: {EXAMPLE}")
    if not text.strip():
        raise InputError("문장이 비어 있습니다. 맞히게 할 자리에 [MASK]를 넣은 문장을 입력하세요.",
                         hint=f"예: {EXAMPLE}")
    if len(text) > MAX_CHARS:
        raise InputError(f"문장이 너무 깁니다({len(text):,}자). 빈칸 채우기는 {MAX_CHARS:,}자까지 받습니다.",
                         hint="[MASK] 주변의 한두 문장만 남겨 보세요.")
    count = len(MASK_PATTERN.findall(text))
    if count == 0:
        raise InputError("빈칸 표시가 없습니다. 모델이 맞힐 자리에 [MASK]를 넣으세요.",
                         hint=f"예: {EXAMPLE}  (<mask>라고 써도 됩니다)")
    if count > max_masks:
        raise InputError(f"빈칸이 {count}개입니다. 한 번에 {max_masks}개까지만 채웁니다.",
                         hint="빈칸이 많을수록 모델이 볼 문맥이 사라져 예측이 흐려집니다. 몇 개만 남겨 보세요.")
    return MASK_PATTERN.sub(mask_token, text), count


def _model_and_tokenizer(loaded):
    try:
        model, tokenizer = loaded
    except (TypeError, ValueError):
        raise BertlabError("모델은 load(\"ko-mlm\", head=\"mlm\")의 결과나 (모델, 토크나이저) 쌍으로 주세요.") from None
    return model, tokenizer


def mlm_logits(model, enc):
    """MLM 헤드의 로짓 (B, T, V). ``BertForMaskedLM``(logits)과 ``BertForPreTraining``(prediction_logits) 모두."""
    import torch

    with torch.inference_mode():
        out = model(**enc)
    logits = getattr(out, "logits", None)
    if logits is None:
        logits = getattr(out, "prediction_logits", None)
    if logits is None:
        raise ModelUnavailableError("이 모델에는 MLM 헤드가 없어 빈칸 채우기를 할 수 없습니다.",
                                    hint="load(role, head=\"mlm\")로 MLM 헤드가 붙은 모델을 불러오세요.")
    return logits


def top_k_at(logits, positions, tokenizer, top_k: int) -> list[MaskPrediction]:
    """로짓 (T, V)의 주어진 위치마다 softmax 상위 ``top_k`` (토큰, 확률)."""
    probs = logits[positions].float().softmax(-1)  # (M, V)
    top = probs.topk(top_k, dim=-1)
    return [MaskPrediction(int(p), list(zip(tokenizer.convert_ids_to_tokens(i.tolist()), v.tolist())))
            for p, i, v in zip(positions.tolist(), top.indices, top.values)]


def fill_mask(loaded, text, top_k: int = 5) -> FillMaskResult:
    """[MASK]가 하나 이상 든 문장의 빈칸마다 상위 ``top_k`` 후보. 레슨 07 빈칸 채우기 놀이터의 계산.

    loaded: ``load("ko-mlm", head="mlm")`` 결과 또는 (MLM 헤드 모델, 토크나이저).
    """
    model, tokenizer = _model_and_tokenizer(loaded)
    if not isinstance(top_k, int) or isinstance(top_k, bool) or not 1 <= top_k <= 50:
        raise InputError("top_k는 1에서 50 사이의 정수여야 합니다.")
    prepared, _ = prepare_masked_text(text, tokenizer.mask_token)
    limit = min(int(getattr(model.config, "max_position_embeddings", 512)), 512)
    enc = tokenizer(prepared, return_tensors="pt", truncation=True, max_length=limit)
    ids = enc["input_ids"][0]  # (T,)
    positions = (ids == tokenizer.mask_token_id).nonzero().flatten()  # (M,)
    notices = []
    if len(positions) < len(MASK_PATTERN.findall(text)):
        if bool(enc["attention_mask"].sum() >= limit):
            raise InputError(f"문장이 모델의 최대 길이({limit} 토큰)보다 길어 빈칸이 잘려 나갔습니다.",
                             hint="빈칸 주변만 남기고 문장을 줄여 보세요.")
        notices.append("토크나이저가 빈칸 표시 일부를 다른 조각과 붙여 읽었습니다.")
    if len(positions) == 0:
        raise InputError("토큰으로 바꾼 뒤에 빈칸이 남지 않았습니다. [MASK] 앞뒤에 띄어쓰기를 넣어 보세요.")
    if tokenizer.unk_token_id is not None and bool((ids == tokenizer.unk_token_id).any()):
        notices.append("어휘에 없는 말(이모지·한자, 작은 어휘에 없는 단어 등)은 [UNK]로 바뀌어 모델이 읽지 못합니다.")
    logits = mlm_logits(model, enc)[0]  # (T, V)
    predictions = top_k_at(logits, positions, tokenizer, top_k)
    filled = splice_predictions(prepared, tokenizer.mask_token, [pred.candidates[0][0] for pred in predictions])
    return FillMaskResult(prepared, tokenizer.convert_ids_to_tokens(ids.tolist()), predictions, filled, notices)


def piece_text(token: str) -> str:
    """조각을 문장에 넣을 글자로: WordPiece의 ``##``(앞에 붙음)과 SentencePiece의 ``▁``(띄어쓰기 표시)를 뗍니다."""
    return token[2:] if token.startswith("##") and len(token) > 2 else token.lstrip("▁") or token


def splice_predictions(text: str, mask_token: str, tokens: list[str]) -> str:
    """원래 문장의 빈칸 자리에 예측 조각을 그대로 끼워 넣습니다(띄어쓰기와 모르는 글자는 원문 그대로).

    빈칸 수와 예측 수가 다르면(토크나이저가 빈칸 표시를 다른 조각과 붙여 읽은 경우) 앞에서부터 있는 만큼만 채웁니다.
    """
    parts = text.split(mask_token)
    out = [parts[0]]
    for index, rest in enumerate(parts[1:]):
        out.append(piece_text(tokens[index]) if index < len(tokens) else mask_token)
        out.append(rest)
    return "".join(out)


def predict_at(loaded, input_ids, positions, token_type_ids=None, top_k: int = 5) -> list[MaskPrediction]:
    """이미 만든 입력 id 한 줄(``my dog is cute`` 예처럼 손으로 만든 것)에서 주어진 위치들의 상위 후보."""
    import torch

    model, tokenizer = _model_and_tokenizer(loaded)
    enc = {"input_ids": torch.tensor([list(input_ids)])}  # (1, T)
    if token_type_ids is not None:
        enc["token_type_ids"] = torch.tensor([list(token_type_ids)])
    logits = mlm_logits(model, enc)[0]  # (T, V)
    return top_k_at(logits, torch.tensor(list(positions)), tokenizer, top_k)


def fill_mask_models(roles=(("한국어", "ko-mlm"), ("영어", "en-mlm"))) -> dict:
    """빈칸 채우기에 쓸 모델들: {표시 이름: LoadedModel 또는 못 불러온 이유(문자열)}.

    오프라인에서 한국어는 강의가 직접 훈련한 ko-mini-bert(없으면 이유), 영어는 MLM 헤드가 있는
    오프라인 모델이 없어 이유 문자열이 들어갑니다.
    """
    from bertlab.models import load

    models = {}
    for label, role in roles:
        try:
            models[f"{label} ({role})"] = load(role, head="mlm")
        except BertlabError as exc:
            models[f"{label} ({role})"] = exc.message
    return models


def korean_mlm_lineup() -> dict:
    """레슨 08의 비교용: {"강의의 ko-mini-bert": 모델 또는 이유, "실제 모델 (…)": 모델 또는 이유}.

    오프라인이면 ko-mlm 역할이 곧 ko-mini-bert이고 실제 모델 칸에는 이유가 들어갑니다. 온라인이면 역할은
    klue/bert-base이고, 저장소의 ko-mini-bert는 경로를 직접 지정해 따로 불러옵니다.
    """
    from bertlab.models import load
    from bertlab.models import offline_dir

    real_label = "실제 모델 (klue/bert-base)"
    try:
        role_model = load("ko-mlm", head="mlm")
    except BertlabError as exc:
        role_model = exc.message
    if isinstance(role_model, str) or role_model.info.mode == "offline":  # 역할이 오프라인 모델로 정해짐
        return {"강의의 ko-mini-bert": role_model,
                real_label: "오프라인이라 쓸 수 없습니다. 인터넷에 연결된 환경에서 실행하면 klue/bert-base를 씁니다."}
    try:
        shipped = load("ko-mlm", head="mlm", source=str(offline_dir("ko-mini-bert")))
    except BertlabError as exc:
        shipped = exc.message
    return {"강의의 ko-mini-bert": shipped, f"실제 모델 ({role_model.info.name})": role_model}


@dataclass
class ModelAnswer:
    label: str
    result: FillMaskResult | None = None
    error: str = ""
    model_name: str = ""


def fill_mask_all(models: dict, text, top_k: int = 5) -> list[ModelAnswer]:
    """여러 모델의 빈칸 채우기. 입력이 잘못되면 모델마다 같은 한국어 이유가 ``error``에 들어갑니다."""
    answers = []
    for label, loaded in models.items():
        if isinstance(loaded, str):
            answers.append(ModelAnswer(label, error=loaded))
            continue
        name = getattr(getattr(loaded, "info", None), "name", "")
        try:
            answers.append(ModelAnswer(label, fill_mask(loaded, text, top_k), model_name=name))
        except BertlabError as exc:
            answers.append(ModelAnswer(label, error=str(exc), model_name=name))
    return answers


def fill_mask_rows(models: dict, sentences: list[str], top_k: int = 3) -> tuple[list[str], list[list[str]]]:
    """문장마다 모델별 상위 후보를 한 칸씩: (머리줄, 행들). 레슨 08에서 장난감·강의·실제 모델을 비교할 때 사용."""
    headers = ["문장", *models]
    rows = []
    for sentence in sentences:
        row = [sentence]
        for answer in fill_mask_all(models, sentence, top_k):
            if answer.result is None:
                row.append("(없음)")
            else:
                row.append(", ".join(f"{t} {p:.0%}" for t, p in answer.result.predictions[0].candidates))
        rows.append(row)
    return headers, rows

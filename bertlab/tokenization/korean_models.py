"""레슨 17: 한국어 BERT 모델 다섯의 실제 토크나이저를 같은 문장에 나란히 놓기.

- ``KOREAN_MODELS``: 표시 이름 -> 토크나이저 역할. 토크나이저는 강의의 하나뿐인 로더(``bertlab.models.load_tokenizer``)가
  불러옵니다. 온라인이면 허브의 토크나이저 파일, 오프라인이면 패키지에 든 원본 파일(``bertlab/data/tokenizers/``).
- ``korean_model_tokenizers``: 다섯 토크나이저 {표시 이름: 토크나이저}와 불러오지 못한 것의 한국어 안내.
- ``tokenizer_sources``: 토크나이저마다 어디서 왔는지(온라인/패키지 파일), 어휘 크기, 방식의 표.
- ``EXAMPLES``: 위젯의 예문 단추(오타, 신조어·줄임말, 이모지, 영어 섞임, 한자).
"""

from __future__ import annotations

from dataclasses import dataclass

KOREAN_MODELS = {
    "KoBERT": "kobert-tokenizer",
    "KLUE-BERT": "klue-bert-tokenizer",
    "KcBERT": "kcbert-tokenizer",
    "KoELECTRA": "koelectra-tokenizer",
    "다국어 BERT": "mbert-tokenizer",
}
KINDS = {  # 토크나이저 방식(한국어 설명)
    "kobert-tokenizer": "SentencePiece 유니그램(단어 시작에 ▁)",
    "klue-bert-tokenizer": "WordPiece(형태소 분석 뒤 학습한 어휘)",
    "kcbert-tokenizer": "WordPiece(뉴스 댓글로 학습)",
    "koelectra-tokenizer": "WordPiece(Mecab 분석 뒤 학습한 어휘)",
    "mbert-tokenizer": "WordPiece(104개 언어 공용 어휘)",
}
EXAMPLES = {
    "오타": "이 영화 진짜 재밋엇어요 ㅋㅋ 배우들 연기가 짱이엿음",
    "신조어·줄임말": "이번 주말 갓생 살려다가 결국 존버함 ㄹㅇ 킹받네",
    "이모지": "오늘 날씨 최고😍👍 다들 좋은 하루 보내세요🙏",
    "영어 섞임": "BERT랑 GPT 중에 classification task엔 뭐가 better?",
    "한자": "大韓民國 憲法 第1條 대한민국은 民主共和國이다.",
    "뉴스 문장": "정부는 내년부터 청년 주거 지원 예산을 늘리기로 했다.",
}
MODE_NAMES = {"online": "온라인(허브)", "cached": "온라인(캐시)", "offline": "오프라인(패키지 파일)",
              "override": "직접 지정"}


def korean_model_tokenizers(models: dict[str, str] | None = None) -> tuple[dict, list[str]]:
    """다섯 모델의 토크나이저 {표시 이름: 토크나이저}와 불러오지 못한 것의 한국어 안내. 레슨 17."""
    from bertlab.tokenization.display import model_tokenizers

    return model_tokenizers(KOREAN_MODELS if models is None else models)


@dataclass(frozen=True)
class TokenizerSource:
    """토크나이저 하나가 어디서 왔는지(레슨 17의 첫 표)."""

    label: str
    role: str
    kind: str
    vocab_size: int
    mode: str        # 온라인(허브) | 오프라인(패키지 파일) | ...
    reason: str      # 한국어 한 문장


def tokenizer_sources(tokenizers: dict) -> list[TokenizerSource]:
    """``korean_model_tokenizers``로 불러온 토크나이저마다 출처·어휘 크기·방식."""
    from bertlab.models import tokenizer_source

    rows = []
    for label, tokenizer in tokenizers.items():
        role = KOREAN_MODELS.get(label, "")
        res = tokenizer_source(role) if role else None
        rows.append(TokenizerSource(label, role, KINDS.get(role, "-"), len(tokenizer),
                                    MODE_NAMES.get(res.mode, res.mode) if res else "-",
                                    res.reason if res else ""))
    return rows

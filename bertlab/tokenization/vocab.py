"""한국어 WordPiece 어휘 학습(``tokenizers``). 레슨 03(어휘 학습 체험)과 레슨 08, ``ko-mini-bert``에서 사용.

주의(한글이 깨지는 함정): ``BertNormalizer(lowercase=True)``는 기본으로 악센트를 지우는데, 그 과정의
NFD 분해가 한글 음절(예: '한')을 자모('ㅎ'+'ㅏ'+'ㄴ')로 쪼갭니다. 그래서 ``strip_accents=False``로
두고(영어 소문자화는 유지), 학습 뒤 ``hangul_survives``로 음절이 그대로 남는지 확인합니다.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]  # id 0..4


def train_wordpiece(texts: Iterable[str], vocab_size: int = 16000, min_frequency: int = 2,
                    limit_alphabet: int = 6000, lowercase: bool = True):
    """문장들로 WordPiece 어휘를 학습해 ``BertTokenizerFast``를 돌려줍니다. 레슨 03·08에서 사용.

    특수 토큰은 [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4. 한글 음절이 자모로 쪼개지지 않도록
    악센트 제거를 끕니다(모듈 설명 참고).
    """
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                strip_accents=False, lowercase=lowercase)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece(prefix="##")
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=min_frequency,
                                        limit_alphabet=limit_alphabet, special_tokens=SPECIAL_TOKENS,
                                        continuing_subword_prefix="##", show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
    return BertTokenizerFast(tokenizer_object=tok, do_lower_case=lowercase, strip_accents=False,
                             tokenize_chinese_chars=True, model_max_length=128)


def load_tokenizer(path: str | Path):
    """저장한 토크나이저 폴더를 ``AutoTokenizer``로 읽습니다."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path))


def hangul_survives(tokenizer, text: str = "한국어 영화 리뷰가 정말 재미있었다") -> bool:
    """토큰화 결과를 이어 붙였을 때 한글 음절이 그대로 남는지(자모로 쪼개지지 않았는지) 확인합니다."""
    pieces = tokenizer.tokenize(text)
    joined = "".join(p.removeprefix("##") for p in pieces)
    return joined == text.replace(" ", "") and "[UNK]" not in pieces


def unk_rate(tokenizer, texts: list[str]) -> float:
    """[UNK]로 바뀐 토큰의 비율(어휘가 말뭉치를 얼마나 덮는지)."""
    unk = tokenizer.unk_token_id
    ids = tokenizer(texts, add_special_tokens=False)["input_ids"]
    total = sum(len(x) for x in ids)
    return sum(i == unk for x in ids for i in x) / max(total, 1)

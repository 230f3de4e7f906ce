"""SentencePiece 모델 + 따로 배포된 어휘 -> 빠른 토크나이저. 레슨 17의 KoBERT 토크나이저(``kobert-tokenizer`` 역할).

SKT가 2019년에 배포한 KoBERT는 SentencePiece 유니그램(unigram) 모델(조각 8,000개)과 gluonnlp 어휘(토큰
8,002개: [UNK]=0 [PAD]=1 [CLS]=2 [SEP]=3 [MASK]=4, 나머지는 조각들)를 **따로** 배포했습니다. 함정이 하나
있습니다. **SentencePiece가 주는 조각 번호와 모델의 토큰 ID가 다릅니다.** SentencePiece는 '▁한국'에 160을
주지만 모델 임베딩 표에서 '▁한국'은 4958번 줄입니다. 조각 번호를 그대로 모델에 넣으면 엉뚱한 줄을 읽습니다.
그래서 조각을 **문자열로** 받아 어휘를 거쳐 ID로 바꿔야 합니다.

여기서는 SentencePiece 모델의 조각과 점수(로그 확률)로 ``tokenizers``의 Unigram 모델을 만들되, 각 조각의
번호를 어휘의 번호로 매깁니다. 정규화(NFKC, 공백 정리)와 단어 시작 표시(``▁``)도 SentencePiece처럼 합니다.
결과는 ``PreTrainedTokenizerFast``라서 글자 위치(offset), ``[CLS] ... [SEP]``, ``convert_ids_to_tokens``를
다른 토크나이저와 똑같이 씁니다. 온라인 ``skt/kobert-base-v1``의 ``spiece.model``은 조각 번호가 곧 모델
ID이므로(SKT의 ``KoBERTTokenizer``가 그렇게 씀) 어휘 없이 같은 함수로 만듭니다.

SentencePiece 라이브러리와 다른 점: 점수가 똑같은 두 분할 가운데 어느 쪽을 고르는지('.....'을
'...'+'.'+'.'로 또는 '.'+'.'+'...'로)와, SentencePiece 자체 정규화 표(nmt_nfkc)가 NFKC와 다르게 다루는
드문 글자(전각 물결표 등)뿐입니다. 실제 NSMC 리뷰의 99% 넘게 ID가 같습니다(``tests/test_korean_tokenizers.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

from bertlab.errors import ModelUnavailableError

SPECIALS = {"unk_token": "[UNK]", "pad_token": "[PAD]", "cls_token": "[CLS]", "sep_token": "[SEP]",
            "mask_token": "[MASK]"}
HUB_MODEL_FILE = "spiece.model"      # 허브 skt/kobert-base-v1의 SentencePiece 모델 파일 이름


def read_gluonnlp_vocab(path: str | Path) -> list[str]:
    """gluonnlp 어휘 JSON -> ID 순서의 토큰 목록(``idx_to_token``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return list(data["idx_to_token"])


def _unigram_vocab(processor, vocab_tokens: list[str] | None) -> tuple[list[tuple[str, float]], str]:
    """(토큰, 점수) 목록(순서 = 모델 ID)과 모르는 토큰의 이름."""
    scores = {processor.id_to_piece(i): processor.get_score(i) for i in range(processor.get_piece_size())}
    if vocab_tokens is None:  # 조각 번호가 곧 모델 ID인 모델
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        return [(p, scores[p]) for p in pieces], processor.id_to_piece(processor.unk_id())
    # 어휘에만 있는 특수 토큰은 점수 0: 특수 토큰으로 따로 떼어 내므로 분할에는 쓰이지 않습니다.
    return [(token, scores.get(token, 0.0)) for token in vocab_tokens], SPECIALS["unk_token"]


def sentencepiece_fast_tokenizer(model_file: str | Path, vocab_tokens: list[str] | None = None,
                                 model_max_length: int = 512):
    """SentencePiece 유니그램 모델(+ 선택적으로 ID 순서의 어휘) -> ``PreTrainedTokenizerFast``.

    vocab_tokens: 모델 ID 순서의 토큰 목록. 주면 조각을 이 번호로 바꾸고(KoBERT 2019 파일), 안 주면
    SentencePiece의 조각 번호를 그대로 씁니다.
    """
    import sentencepiece
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
    vocab, unk = _unigram_vocab(processor, vocab_tokens)
    index = {token: i for i, (token, _) in enumerate(vocab)}
    backend = Tokenizer(models.Unigram(vocab, unk_id=index[unk], byte_fallback=False))
    # SentencePiece의 nmt_nfkc + remove_extra_whitespaces: NFKC, 공백 여러 개는 하나로, 앞뒤 공백 없앰
    backend.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(r"\s+"), " "),
                                               normalizers.Strip()])
    backend.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    backend.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    specials = {name: token for name, token in SPECIALS.items() if token in index}
    if "cls_token" in specials and "sep_token" in specials:
        cls, sep = specials["cls_token"], specials["sep_token"]
        backend.post_processor = processors.TemplateProcessing(
            single=f"{cls} $A {sep}", pair=f"{cls} $A {sep} $B:1 {sep}:1",
            special_tokens=[(cls, index[cls]), (sep, index[sep])])
    return PreTrainedTokenizerFast(tokenizer_object=backend, model_max_length=model_max_length,
                                   **{**specials, "unk_token": unk})


def _local_files(folder: Path) -> tuple[Path, list[str] | None]:
    models_found = sorted(folder.glob("*.model"))
    if not models_found:
        raise ModelUnavailableError(f"{folder}에 SentencePiece 모델 파일(*.model)이 없습니다.",
                                    hint="KoBERT의 tokenizer_*.model 또는 spiece.model이 있는 폴더를 주세요.")
    vocabs = sorted(folder.glob("*vocab*.json"))
    return models_found[0], (read_gluonnlp_vocab(vocabs[0]) if vocabs else None)


def kobert_tokenizer(location: str, local_only: bool):
    """KoBERT 토크나이저: 로컬 폴더(*.model + 선택적 gluonnlp 어휘 JSON) 또는 허브 ID(``spiece.model``)."""
    folder = Path(location).expanduser()
    if folder.is_dir():
        model_file, vocab_tokens = _local_files(folder)
    else:
        from huggingface_hub import hf_hub_download

        model_file, vocab_tokens = hf_hub_download(location, HUB_MODEL_FILE, local_files_only=local_only), None
    return sentencepiece_fast_tokenizer(model_file, vocab_tokens)

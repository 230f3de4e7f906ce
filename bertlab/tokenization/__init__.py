"""토큰화: 레슨 03(WordPiece 토큰화)이 주로 쓰고, 레슨 00의 미리보기와 레슨 17이 다시 씁니다.

- ``display``: 어느 토크나이저든 조각·id·오프셋을 사람이 보기 좋게 펼치기, 나란히 비교, 어휘 늘리기.
- ``wordpiece``: 탐욕적 최장 일치 우선(greedy longest-match-first) WordPiece를 손으로.
- ``vocab``: 한국어 말뭉치로 WordPiece 어휘 훈련하기(레슨 03, 강의용 ``ko-mini-bert``의 어휘).
- ``korean_strategies``: 한국어 토큰화 전략 네 가지(음절, 형태소, 서브워드, 형태소 인식 서브워드) 비교.
- ``korean_models``: 한국어 BERT 모델 다섯(KoBERT, KLUE-BERT, KcBERT, KoELECTRA, 다국어 BERT)의 실제 토크나이저(레슨 17).
- ``tokenizer_study``: 실제 문장에서 조각 수, [UNK] 비율, 형태소 경계를 가로지르는 조각 비율(레슨 17).
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    # display
    "clean_text": "display", "compare_tokenizers": "display", "Comparison": "display",
    "extend_vocabulary": "display", "tokenize_for_display": "display", "Tokenized": "display",
    "model_tokenizers": "display", "piece_stats": "display", "PieceStats": "display",
    # wordpiece
    "basic_tokenize": "wordpiece", "FrozenVocab": "wordpiece", "library_settings": "wordpiece",
    "library_wordpiece": "wordpiece", "merge_pieces": "wordpiece", "mismatches": "wordpiece",
    "sample_test_words": "wordpiece", "vocab_summary": "wordpiece", "without_tokens": "wordpiece",
    "wordpiece_text": "wordpiece", "wordpiece_trace": "wordpiece", "wordpiece_word": "wordpiece",
    # vocab
    "hangul_survives": "vocab", "load_tokenizer": "vocab", "train_wordpiece": "vocab",
    # korean_strategies
    "korean_tokenizers": "korean_strategies", "morpheme_analysis": "korean_strategies",
    "morpheme_segments": "korean_strategies", "playground_tokenizers": "korean_strategies",
    "sample_sentences": "korean_strategies", "strategy_table": "korean_strategies",
    "syllable_segments": "korean_strategies", "training_sentences": "korean_strategies",
    "vocab_size_of": "korean_strategies",
    # korean_models
    "EXAMPLES": "korean_models", "KOREAN_MODELS": "korean_models", "korean_model_tokenizers": "korean_models",
    "tokenizer_sources": "korean_models", "TokenizerSource": "korean_models",
    # tokenizer_study
    "crossing_pieces": "tokenizer_study", "morpheme_cuts": "tokenizer_study", "study_panels": "tokenizer_study",
    "study_table": "tokenizer_study", "StudyRow": "tokenizer_study", "STUDY_METRICS": "tokenizer_study",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)

"""데이터셋 불러오기: 모델 로더의 역할처럼, 이름 하나로 온라인이면 실제 데이터셋, 오프라인이면 패키지에
든 작은 부분집합(``bertlab/data/``)을 돌려주고 무엇을 썼는지 한국어로 알립니다.

- ``loader``: 레슨 09(동음이의어 문장), 레슨 10(감성 예문)과 파인 튜닝 레슨 11-16의 데이터셋.
- ``formats``: 데이터셋이 공개된 파일 형식 읽기(NSMC TSV …), 틀린 줄은 줄 번호를 말하는 한국어 오류.
- ``pair_formats``: 문장 쌍 형식(KLUE-NLI JSON, KorNLI TSV, KorSTS TSV, KLUE-STS JSON). 레슨 13.
- ``make_subsets``: 내장 부분집합(``bertlab/data/nsmc`` …)을 공유 데이터에서 고르는 스크립트.
- ``klue_ner``: KLUE-NER 공개 형식(글자별 BIO 태그) 읽고 쓰기와 내장 부분집합(레슨 12).
- ``pair_subsets``: 레슨 13의 NLI(전제 단위로 나눔)·STS 내장 부분집합 고르기(``make_subsets``가 부름).
- ``squad``: 질의응답의 SQuAD 형식 JSON(KorQuAD 1.0) 읽고 쓰기, KorQuAD의 예약 문서(120-139)를 구조적으로 막는 읽기(레슨 14).
- ``corpus``: 사전 훈련용 한국어 말뭉치(NSMC 원본 리뷰, konlpy·chatterbot-corpus 텍스트). 레슨 03, 08.
- ``shared``: 개발·평가용 실제 데이터 폴더(``../shared/data``)를 찾기. 테스트와 벤치마크에서 사용.
- ``study_sentences``: 레슨 17 토크나이저 연구용 실제 문장(NSMC 리뷰·KLUE 뉴스 부분집합)과 그것을 고르는 스크립트.
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "load_dataset": "loader", "load_homonyms": "loader", "HomonymExample": "loader", "TextDataset": "loader",
    "DATASETS": "loader",
    "read_nsmc_tsv": "formats", "write_nsmc_tsv": "formats", "read_lines": "formats", "line_error": "formats",
    "read_klue_ner_tsv": "klue_ner", "write_klue_ner_tsv": "klue_ner", "spans_of": "klue_ner",
    "tagged_sentence": "klue_ner", "select_klue_ner": "klue_ner", "ENTITY_TYPES": "klue_ner", "NER_TAGS": "klue_ner",
    "read_nli": "pair_formats", "read_sts": "pair_formats", "read_klue_nli_json": "pair_formats",
    "read_kornli_tsv": "pair_formats", "read_korsts_tsv": "pair_formats", "read_klue_sts_json": "pair_formats",
    "NLI_LABELS": "pair_formats", "NLI_LABELS_KO": "pair_formats", "nli_split_of": "pair_subsets",
    "select_nsmc": "make_subsets", "nsmc_split_of": "make_subsets",
    "builtin_documents": "corpus", "builtin_sentences": "corpus", "is_heldout_movie": "corpus",
    "NSMC_RAW_FILE": "corpus", "read_nsmc_reviews": "corpus", "reviews_to_documents": "corpus",
    "Review": "corpus", "fetch_nsmc_raw": "corpus", "nsmc_label": "corpus",
    "shared_data_dir": "shared", "shared_data_file": "shared",
    "load_study_sentences": "study_sentences",
    "read_squad_json": "squad", "write_squad_json": "squad", "read_korquad": "squad", "korquad_splits": "squad",
    "squad_article": "squad", "examples_from_articles": "squad", "RESERVED_FROM": "squad", "KORQUAD_FILE": "squad",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)

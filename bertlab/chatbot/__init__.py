"""한국어 검색 챗봇(레슨 16): 질문 11,823개를 한 번 벡터로 만들어 두고, 새 질문과 코사인이 가장 큰 질문의 답을 돌려줍니다.

- ``data``: ChatbotData(질문·답·레이블)와 직접 쓴 바꿔 말하기 평가 세트(``row<TAB>query``) 읽기.
- ``encoders``: 챗봇이 쓰는 인코더 이름표(ko-mini-bert ``[CLS]``/평균, e5-small 0-shot, 강의 SBERT, 강의 챗봇 인코더).
- ``encoder_task``: 챗봇 인코더를 훈련하는 과제 ``chatbot-encoder``(같은 답 질문 쌍, ``MultipleNegativesRankingLoss``).
- ``index``: 질문 벡터 색인(디스크 캐시, 모델·데이터·풀링마다 따로), 행렬 곱 한 번 + top-k.
- ``lexical``: 낱말 검색(BM25, ``bm25s``; 낱말은 ``kiwipiepy`` 형태소 + 글자 바이그램).
- ``hybrid``: 코사인 + 가중치 × BM25, 답마다 후보 하나(``course_index``: 강의의 기본 챗봇).
- ``bot``: ``reply``(모르면 모른다고 하는 문턱값), 바꿔 말하기 세트의 top-1/top-5 답 정확도.
- ``task``: ``evaluate chatbot`` 명령(훈련 없이 채점만 하는 과제).
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "load_chatbot_pairs": "data", "read_paraphrases": "data", "ChatbotPairs": "data", "DEV_FILE": "data",
    "ENCODERS": "encoders", "load_encoder": "encoders",
    "ChatIndex": "index", "build_index": "index", "cache_dir": "index",
    "HybridIndex": "hybrid", "course_index": "hybrid", "HYBRID_WEIGHT": "hybrid",
    "LexicalIndex": "lexical", "lexical_tokens": "lexical",
    "reply": "bot", "Reply": "bot", "retrieval_accuracy": "bot", "check_query": "bot", "DONT_KNOW": "bot",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)

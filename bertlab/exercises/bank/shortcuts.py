"""문제 은행이 함께 쓰는 금지 항목 묶음(``forbidden``): 라이브러리가 대신 해 주는 것들.
레슨 01-17의 "직접 구현해 보세요" 문제에서 사용합니다.

``{경로: 학생에게 보일 이름}`` 딕셔너리이므로 합쳐 쓰면 됩니다::

    forbidden={**CROSS_ENTROPY, "bertlab.pretraining.pretraining_loss": "bertlab.pretraining.pretraining_loss"}

메서드는 선언한 클래스와 그것을 다시 정의한 하위 클래스에서 모두 막힙니다(``forbidden.py``).
경로를 그대로 학생에게 보여 줄 때는 ``names("bertlab.embeddings.mean_pool", ...)``로 만듭니다.
"""


def names(*paths: str) -> dict[str, str]:
    """경로 → 같은 경로(학생에게도 그대로 보임)."""
    return {path: path for path in paths}


COSINE = {
    "torch.cosine_similarity": "torch.cosine_similarity",  # torch.nn.functional.cosine_similarity와 같은 함수
    "torch.nn.CosineSimilarity": "torch.nn.CosineSimilarity",
    "sklearn.metrics.pairwise.cosine_similarity": "sklearn.metrics.pairwise.cosine_similarity",
    "scipy.spatial.distance.cosine": "scipy.spatial.distance.cosine",
}

CROSS_ENTROPY = {
    "torch.nn.functional.cross_entropy": "F.cross_entropy",
    "torch.nn.CrossEntropyLoss": "torch.nn.CrossEntropyLoss",
    "torch.nn.functional.nll_loss": "F.nll_loss",
    "torch.nn.NLLLoss": "torch.nn.NLLLoss",
}

ATTENTION = {
    "torch.nn.functional.scaled_dot_product_attention": "F.scaled_dot_product_attention",
    "torch.nn.MultiheadAttention": "torch.nn.MultiheadAttention",
    "torch.nn.functional.multi_head_attention_forward": "F.multi_head_attention_forward",
    "transformers.models.bert.modeling_bert.BertSelfAttention": "BertSelfAttention",
    "transformers.models.bert.modeling_bert.BertAttention": "BertAttention",
}

TOKENIZER_CALLS = {  # 문자열 → 입력 ID·세그먼트·마스크를 한 번에 만드는 것
    "transformers.PreTrainedTokenizerBase.__call__": "tokenizer(...)",
    "transformers.PreTrainedTokenizerBase.encode": "tokenizer.encode",
    "transformers.PreTrainedTokenizerBase.pad": "tokenizer.pad",
}

TOKENIZER_SPLIT = {  # 문자열 → WordPiece 조각(Rust 토크나이저에 바로 가는 backend_tokenizer 포함)
    "transformers.PreTrainedTokenizerBase.tokenize": "tokenizer.tokenize",
    "transformers.PreTrainedTokenizerBase.__call__": "tokenizer(...)",
    "transformers.PreTrainedTokenizerBase.encode": "tokenizer.encode",
    "transformers.TokenizersBackend.backend_tokenizer": "tokenizer.backend_tokenizer",
}

TOKENIZER_MERGE = {  # WordPiece 조각 → 글
    "transformers.PreTrainedTokenizerBase.convert_tokens_to_string": "tokenizer.convert_tokens_to_string",
    "transformers.PreTrainedTokenizerBase.decode": "tokenizer.decode",
}

BERT_MODELS = {  # 모델을 만들거나 불러 파라미터를 세는 것
    "transformers.BertModel": "transformers.BertModel",
    "transformers.AutoModel": "transformers.AutoModel",
    "transformers.modeling_utils.ModuleUtilsMixin.num_parameters": "model.num_parameters()",
    "torch.nn.Module.parameters": "model.parameters()",
    "torch.nn.Module.named_parameters": "model.named_parameters()",
}

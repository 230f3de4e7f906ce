"""문제 종류(family)마다 한 번 적는 허용 목록: 레슨이 가르친 부품. 레슨 00-17의 "직접 구현해 보세요" 문제가
``allows=``로 씁니다.

부품(building block)을 먼저 적고, 문제 종류는 부품을 ``|``로 합쳐 만듭니다. 문제는 종류 하나를 고릅니다::

    Function(name="top_k", ..., allows=TENSOR_MATH)

허용하지 않은 것은 모두 막힙니다: 강의의 참고 구현(``bertlab.…``), 라이브러리 지름길(``F.cosine_similarity``,
``torch.special.softmax``, ``scipy.stats.spearmanr``, ``pandas``, ``seqeval`` …), 토크나이저·모델에 통째로 맡기기.
정식 이름의 꼴은 ``bertlab.exercises.callnames``에 있습니다(torch 연산은 ``torch.<연산>``, 모듈 호출은
``<클래스 경로>.__call__``).
"""

from bertlab.exercises.allowed import Allow

# ---- 부품 ---------------------------------------------------------------------------------------

PYTHON = Allow.of(
    "builtins.*", "math.*", "cmath.*", "operator.*", "copy.*", "collections.*", "_collections_abc.*",
    "itertools.*", "functools.*", "abc.*", "typing.*", "re.*", "string.*", "enum.*", "dataclasses.*",
    "contextlib.*", "warnings.*", "unicodedata.*",
    says="파이썬 기본 문법과 내장 함수(len, range, sorted, sum, max, str·list·dict 메서드, math, collections)",
).but_not("builtins.exec", "builtins.eval", "builtins.compile", "builtins.breakpoint", "builtins.input",
          "builtins.__import__")

TENSOR_PLUMBING = Allow.torch_ops(
    # 모양·자료형·값 꺼내기
    "shape", "size", "dim", "ndim", "numel", "dtype", "device", "T", "mT", "requires_grad", "is_floating_point",
    "view", "view_as", "reshape", "reshape_as", "transpose", "t", "permute", "unsqueeze", "squeeze", "flatten",
    "contiguous", "expand", "expand_as", "repeat", "unbind", "split", "chunk", "swapaxes", "swapdims", "movedim",
    "moveaxis", "unflatten", "narrow", "select", "tensor_split", "roll", "flip",
    "float", "double", "long", "int", "bool", "half", "to", "type", "type_as", "clone", "detach", "cpu",
    "item", "tolist", "__len__", "__iter__", "__getitem__", "__setitem__", "__contains__", "__hash__",
    "__repr__", "__str__", "__format__", "__bool__", "__int__", "__float__", "__index__", "__reversed__",
    # 새 텐서 만들기
    "tensor", "as_tensor", "zeros", "ones", "full", "empty", "arange", "zeros_like", "ones_like", "full_like",
    "empty_like", "eye", "linspace", "new_zeros", "new_ones", "new_full", "new_empty", "new_tensor",
    "fill_", "zero_", "copy_", "equal", "allclose",
    says="텐서 모양·자료형 다루기(shape, view, reshape, transpose, unsqueeze, float, item, tolist, torch.tensor)",
) | Allow.of("torch.autograd.grad_mode.*", "torch.utils._contextlib.*", "torch.functional.broadcast_tensors",
             *(f"torch._tensor.Tensor.{name}" for name in ("__iter__", "__reversed__", "__contains__", "__len__",
                                                           "__hash__", "__format__", "__repr__", "__array__")))

TENSOR_ARITHMETIC = Allow.torch_ops(
    "add", "sub", "mul", "div", "true_divide", "floor_divide", "neg", "pow", "abs", "remainder", "reciprocal",
    "__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__rdiv__", "__rpow__", "__rfloordiv__", "__floordiv__",
    "__truediv__", "__neg__", "__abs__", "__pow__", "__mod__", "__rmod__", "add_", "sub_", "mul_", "div_",
    "neg_", "abs_", "pow_", "exp_", "log_", "sqrt_", "clamp_", "clamp_min_", "clamp_max_",
    "eq", "ne", "lt", "le", "gt", "ge", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
    "__and__", "__or__", "__xor__", "__invert__", "__rand__", "__ror__", "logical_and", "logical_or",
    "logical_not", "logical_xor", "bitwise_not", "bitwise_and", "bitwise_or", "isnan", "isinf", "isclose",
    "exp", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "square", "tanh", "sigmoid", "sign", "round", "floor",
    "ceil",
    "clamp", "clamp_min", "clamp_max", "clip", "maximum", "minimum", "where", "masked_fill", "masked_fill_",
    "sum", "mean", "max", "min", "amax", "amin", "argmax", "argmin", "prod", "all", "any", "count_nonzero",
    "std", "var", "cumsum",
    says="텐서 산술(+ - * / **)·비교, exp·log·sqrt·clamp, where·masked_fill, sum·mean·max·min·argmax",
)

MATRIX = Allow.torch_ops(
    "matmul", "mm", "bmm", "mv", "dot", "__matmul__", "__rmatmul__", "einsum", "outer",
    "norm", "linalg_norm", "linalg_vector_norm",
    says="행렬 곱(@, matmul)과 노름(norm)",
)

SELECTING = Allow.torch_ops(
    "gather", "index_select", "masked_select", "nonzero", "diagonal", "diag", "tril", "triu", "cat", "concat",
    "concatenate", "hstack", "vstack", "column_stack", "stack", "topk", "sort", "argsort", "unique", "scatter",
    says="인덱싱과 고르기(x[...], gather, diagonal, cat, stack, topk, sort, argsort)",
)

SOFTMAX = Allow.torch_ops("softmax", "log_softmax", says="softmax, log_softmax")
LAYER_NORM = Allow.of("torch.layer_norm", "torch.nn.modules.normalization.LayerNorm.__call__",
                      says="layer_norm(F.layer_norm 또는 받은 LayerNorm 층)")
XLOGY = Allow.torch_ops("special_xlogy", "xlogy", says="torch.special.xlogy")
CROSS_ENTROPY = Allow.torch_ops("cross_entropy", says="F.cross_entropy(레슨 07에서 직접 만들어 본 것)")
COSINE = Allow.torch_ops("cosine_similarity", says="torch.cosine_similarity(연습 1에서 직접 만들어 본 것)")

TORCH_RANDOM = Allow.torch_ops(
    "rand", "randn", "randint", "rand_like", "randn_like", "randint_like", "bernoulli", "multinomial", "randperm",
    says="torch 난수(torch.rand, randint, bernoulli, randperm)",
) | Allow.of("torch.random.manual_seed")
PYTHON_RANDOM = Allow.of("random.*", says="받은 난수 생성기 rng의 메서드(random, choice, randrange, sample)")

LAYER_CALLS = Allow.of("torch.nn.modules.linear.Linear.__call__", "torch.nn.modules.container.Sequential.__call__",
                       says="받은 층·모델 부르기(layer(x), model(inputs))")
OPTIMIZER = Allow.of("torch.optim.*", "torch.backward",
                     says="optimizer.zero_grad(), loss.backward(), optimizer.step()")

NUMPY = Allow.of("numpy.*", says="넘파이 배열 연산(np.asarray, mean, argmax, sort …)")
SKLEARN = Allow.of("sklearn.*", says="scikit-learn(LogisticRegression, StandardScaler, make_pipeline)")

VOCAB = Allow.of("bertlab.tokenization.wordpiece.FrozenVocab.*",
                 says="받은 어휘에서 찾기(t in vocab, vocab[t], vocab.get(t))")
GIVEN_BATCH = Allow.of("transformers.tokenization_utils_base.BatchEncoding.*",
                       says="받은 입력 묶음에서 꺼내기(batch[\"input_ids\"])")
TOKENIZE_PIECES = Allow.of("transformers.*.tokenize", "transformers.*.convert_tokens_to_ids",
                           says="tokenizer.tokenize, tokenizer.convert_tokens_to_ids, 특수 토큰 id")
TOKENIZER_CALL = Allow.of("transformers.tokenization_utils_base.PreTrainedTokenizerBase.__call__",
                          says="tokenizer(...)와 그 결과의 input_ids")
MODEL_FORWARD = Allow.of("transformers.models.*Model.__call__", "transformers.models.*.get_input_embeddings",
                         says="받은 모델 부르기(model(**inputs))와 입력 임베딩 표(get_input_embeddings)")
SENTENCEPIECE = Allow.of("sentencepiece.*", says="받은 SentencePiece 처리기(sp)의 메서드")

# ---- 문제 종류 -----------------------------------------------------------------------------------

PYTHON_ONLY = PYTHON                                    # 글자·리스트·수를 손으로 다루는 문제(레슨 00, 02, 03, 12, 13, 14)
VOCAB_LOOKUP = PYTHON | VOCAB                            # 어휘만으로 입력 짜기(레슨 03, 04)
PYTHON_SAMPLING = PYTHON | PYTHON_RANDOM                 # NSP 쌍 뽑기(레슨 08)
TENSOR_MATH = PYTHON | TENSOR_PLUMBING | TENSOR_ARITHMETIC | MATRIX | SELECTING  # 텐서 식을 손으로(softmax 없이)
SOFTMAX_MATH = TENSOR_MATH | SOFTMAX                     # 어텐션·분류 헤드·교차 엔트로피를 손으로(레슨 05, 07, 11)
LAYER_NORM_MATH = TENSOR_MATH | LAYER_NORM               # 층 출력 다시 만들기(레슨 04, 05)
ENTROPY_MATH = TENSOR_MATH | XLOGY                        # 엔트로피(레슨 06)
RANDOM_MASKING = TENSOR_MATH | TORCH_RANDOM              # 마스킹(레슨 07)
LAYER_WIRING = TENSOR_MATH | LAYER_CALLS                 # 받은 층 잇기(레슨 08 NSP 헤드)
PRETRAINING_LOSS = TENSOR_MATH | CROSS_ENTROPY           # 두 손실 더하기(레슨 08)
TRAINING_STEP = SOFTMAX_MATH | LAYER_CALLS | OPTIMIZER   # 훈련 한 단계(레슨 11)
NUMPY_MATH = PYTHON | NUMPY                              # 넘파이로 점수 다루기(레슨 09, 10)
SKLEARN_TRAINING = NUMPY_MATH | SKLEARN                  # 얼린 특징 분류기(레슨 10)
EMBEDDING_TABLES = TENSOR_MATH | GIVEN_BATCH             # 임베딩 표에서 꺼내 더하기(레슨 04)
EMBEDDING_LAYER = LAYER_NORM_MATH | GIVEN_BATCH          # 임베딩 층 출력(레슨 04)
MODEL_PROBE = TENSOR_MATH | TOKENIZER_CALL | TOKENIZE_PIECES | GIVEN_BATCH | MODEL_FORWARD | COSINE  # 레슨 01
PAIR_ENCODING = PYTHON | TOKENIZE_PIECES                 # 쌍 입력을 손으로(레슨 13)
PIECE_COUNTING = PYTHON | TOKENIZER_CALL | TOKENIZE_PIECES | GIVEN_BATCH  # 조각 세기(레슨 17)
KOBERT_LOOKUP = PYTHON | SENTENCEPIECE                    # 조각 -> 모델 ID(레슨 17)

__all__ = [name for name in dir() if name.isupper()]

"""레슨 10의 특징 탐색(FeatureProbe)과 위젯 HTML: 선택마다의 정확도, 내 문장의 확률, 잘못된 입력의 한국어 안내."""

import numpy as np
import pytest

from bertlab.embeddings import FeatureProbe, sentence_features
from bertlab.errors import InputError


@pytest.fixture(scope="module")
def probe():
    from bertlab.models import load

    encoder = load("en-encoder")
    train = ["I love this movie", "What a great day", "Wonderful and fun", "I like it a lot",
             "I hate this movie", "What a terrible day", "Awful and boring", "I dislike it a lot"]
    test = ["A great and fun movie", "A terrible and boring movie"]
    train_y, test_y = np.array([1, 1, 1, 1, 0, 0, 0, 0]), np.array([1, 0])
    train_f, test_f = sentence_features(encoder, train), sentence_features(encoder, test)
    cv = {name: np.full((f.shape[0], 2), 0.5) for name, f in train_f.items()}
    cv["mean"][3] = [0.9, 1.0]
    return FeatureProbe(encoder, train_f, train_y, test_f, test_y, cv_scores=cv)


def test_report_matches_a_direct_fit(probe):
    from bertlab.embeddings import frozen_classifier

    report = probe.report("mean", 3)
    direct = frozen_classifier(probe.train_features["mean"][3], probe.train_y,
                               probe.test_features["mean"][3], probe.test_y)
    assert (report.train_accuracy, report.test_accuracy) == (direct.train_accuracy, direct.test_accuracy)
    assert report.cv_accuracy == pytest.approx(0.95)
    assert probe.fit("mean", 3) is probe.fit("mean", 3)   # 같은 선택은 다시 학습하지 않음


def test_sentence_probability_follows_the_training_labels(probe):
    good = probe.report("mean", probe.num_layers, "I love it, a great and wonderful day").positive_probability
    bad = probe.report("mean", probe.num_layers, "I hate it, a terrible and awful day").positive_probability
    assert 0.0 <= bad < good <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "大韓民國", "가" * 5000, "mixed 한국어 and English 😀"])
def test_any_text_gets_an_answer(probe, text):
    report = probe.report("cls", 1, text)
    if text.strip():
        assert 0.0 <= report.positive_probability <= 1.0
    else:
        assert report.positive_probability is None and "문장을 입력" in report.note
    if len(text) > 1000:
        assert "1,000자" in report.note


@pytest.mark.parametrize("pooling, layer, text", [("sum", 1, None), ("mean", 99, None), ("mean", -1, None),
                                                  ("mean", 1.5, None), ("mean", True, None), ("mean", 1, 42)])
def test_bad_choices_get_korean_messages(probe, pooling, layer, text):
    with pytest.raises(InputError) as error:
        probe.report(pooling, layer, text)
    assert any("가" <= ch <= "힣" for ch in str(error.value))


def test_widget_html_shows_the_choice_and_the_sentence(probe):
    from bertlab.widgets.feature_explorer import _best_choice, report_html

    assert _best_choice(probe) == ("mean", 3)
    page = report_html(probe.report("max", 2, "I love it"), _best_choice(probe))
    assert "2층 · 최대 풀링" in page and "긍정 확률" in page and "교차 검증으로 고른 최선: 3층 평균 풀링" in page

"""bertlab.plots를 불러오면 한글이 네모 없이 그려집니다."""

import warnings

import matplotlib

matplotlib.use("Agg")


def test_hangul_title_and_ticks_render_without_missing_glyph_warnings(tmp_path):
    import matplotlib.pyplot as plt

    import bertlab.plots as plots

    fig, ax = plt.subplots()
    ax.plot([-1, 0, 1], [1, -2, 3])
    ax.set_title("어텐션 가중치: 한글 제목")
    ax.set_xticks([-1, 0, 1], ["첫째", "둘째", "셋째"])
    ax.set_ylabel("음수도 −1 표시")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "hangul.png")
    plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert missing == []
    assert plots.has_korean_font()
    assert matplotlib.rcParams["font.family"][0] == plots.KOREAN_FONT_FAMILY


def test_without_korean_font_matplotlib_would_warn(tmp_path):
    """대조 실험: 기본 글꼴(DejaVu Sans)로는 경고가 나므로 위 테스트가 의미가 있습니다."""
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots()
        ax.set_title("한글")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(tmp_path / "boxes.png")
        plt.close(fig)
    assert any("missing from font" in str(w.message) for w in caught)


def test_projection_legend_sits_below_the_points():
    """0층처럼 점이 한곳에 몰려도 범례가 점을 가리지 않게, 범례는 그림 영역 아래에 둡니다(레슨 09)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from bertlab.plots import plot_projection

    fig, ax = plt.subplots()
    plot_projection(ax, np.zeros((6, 2)) + np.arange(6)[:, None] * 1e-3, ["은행"] * 3 + ["강둑"] * 3)
    fig.canvas.draw()
    legend_box = ax.get_legend().get_window_extent()
    assert legend_box.y1 <= ax.get_window_extent().y0 + 1
    plt.close(fig)

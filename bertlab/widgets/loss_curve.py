"""실시간 손실 곡선 + 진행 막대. 레슨 08(미니 사전 훈련)과 파인 튜닝 레슨 11-16에서 사용합니다.

``bertlab.pretraining.training``이나 ``bertlab.finetuning.fit``의 ``callback(record)``에 그대로 넘깁니다. 기록이 올
때마다 SVG 곡선(그리기 1 ms 미만이라 훈련을 늦추지 않음)과 시간 기준 tqdm 진행 막대를 갱신합니다. 훈련이 끝나면
``finish()``가 실시간 곡선을 감추고 같은 곡선을 matplotlib 그림 한 장으로 남깁니다(곡선은 언제나 하나만 보이고,
위젯 상태가 저장되지 않는 환경에서도 남도록). 제목(``title``)은 진행 막대와 그림에 함께 붙습니다. 기본 제목은
기본 곡선(MLM·NSP 손실)이면 "미니 사전 훈련", 다른 곡선이면 "파인 튜닝"입니다.

    curve = LiveLossCurve(seconds=40)
    result = train(model, batches, config, callback=curve)
    curve.finish()
"""

from __future__ import annotations

import html

SERIES = (("mlm_loss", "MLM 손실", "#2563eb"), ("nsp_loss", "NSP 손실", "#dc2626"))
WIDTH, HEIGHT, PAD = 560, 220, 40


def curve_svg(history: list[dict], series=SERIES, width: int = WIDTH, height: int = HEIGHT) -> str:
    """기록 목록 -> 꺾은선 SVG 문자열(가로: 단계, 세로: 손실). 기록이 없으면 빈 축."""
    keys = [key for key, _, _ in series]
    values = [r[k] for r in history for k in keys if k in r]
    top = max(values) * 1.05 if values else 1.0
    last_step = history[-1]["step"] if history else 1
    inner_w, inner_h = width - 2 * PAD, height - 2 * PAD

    def xy(step, value):
        return PAD + inner_w * step / max(last_step, 1), PAD + inner_h * (1 - value / top)

    parts = [f'<svg width="{width}" height="{height}" style="background:#fff;font-family:sans-serif">',
             f'<line x1="{PAD}" y1="{PAD + inner_h}" x2="{PAD + inner_w}" y2="{PAD + inner_h}" stroke="#555"/>',
             f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{PAD + inner_h}" stroke="#555"/>',
             f'<text x="{PAD - 4}" y="{PAD + 4}" font-size="11" text-anchor="end">{top:.1f}</text>',
             f'<text x="{PAD - 4}" y="{PAD + inner_h}" font-size="11" text-anchor="end">0</text>',
             f'<text x="{PAD + inner_w}" y="{height - 12}" font-size="11" text-anchor="end">단계 {last_step}</text>']
    for index, (key, label, color) in enumerate(series):
        points = " ".join("{:.1f},{:.1f}".format(*xy(r["step"], r[key])) for r in history if key in r)
        if points:
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        latest = f" {history[-1][key]:.3f}" if history and key in history[-1] else ""
        parts.append(f'<text x="{PAD + 10 + 150 * index}" y="{PAD - 12}" font-size="12" fill="{color}">'
                     f'■ {html.escape(label)}{latest}</text>')
    parts.append("</svg>")
    return "".join(parts)


class LiveLossCurve:
    """``train``의 콜백. 부를 때마다 곡선과 진행 막대(시간 기준, ``seconds``초가 100%)를 갱신합니다."""

    def __init__(self, seconds: float | None = None, total_steps: int | None = None, series=SERIES,
                 title: str | None = None):
        from tqdm.auto import tqdm

        self.history: list[dict] = []
        self.series = series
        self.seconds = seconds
        self.title = title or ("미니 사전 훈련" if tuple(series) == SERIES else "파인 튜닝")
        self._widget = None
        self.figure = None
        try:
            import ipywidgets as widgets
            from IPython.display import display

            self._widget = widgets.HTML(curve_svg([], series))
            display(self._widget)
        except ImportError:  # 노트북이 아닐 때는 곡선 없이 진행 막대만
            pass
        if seconds is not None:
            self.bar = tqdm(total=round(seconds), desc=self.title, unit="초",
                            bar_format="{l_bar}{bar}| {n:.0f}/{total}초 {postfix}")
        else:
            self.bar = tqdm(total=total_steps, desc=self.title, unit="단계")

    def __call__(self, record: dict) -> None:
        self.history.append(dict(record))
        if self._widget is not None:
            self._widget.value = curve_svg(self.history, self.series)
        progress = record["seconds"] if self.seconds is not None else record["step"]
        if self.seconds is not None:
            progress = min(progress, self.seconds)
        self.bar.update(progress - self.bar.n)
        shown = {label.split()[0]: f"{record[key]:.3f}" for key, label, _ in self.series if key in record}
        self.bar.set_postfix(단계=record["step"], **shown)

    def finish(self, show_figure: bool = True) -> None:
        """진행 막대를 닫고, 실시간 곡선을 감춘 뒤 같은 곡선을 matplotlib 그림으로 한 장 남깁니다(``self.figure``)."""
        if self.seconds is not None and self.history:
            self.bar.total = max(self.bar.n, 1)  # 시간 예산보다 일찍 끝나도 막대가 꽉 차게
            self.bar.refresh()
        self.bar.close()
        if not show_figure or not self.history:
            return
        if self._widget is not None:          # 같은 곡선이 두 번 보이지 않게: 아래 그림이 실시간 곡선을 대신함
            self._widget.layout.display = "none"
        import matplotlib.pyplot as plt

        import bertlab.plots  # noqa: F401  (한글 글꼴)

        fig, ax = plt.subplots(figsize=(6.4, 2.8))
        for key, label, color in self.series:
            points = [(r["step"], r[key]) for r in self.history if key in r]  # 끝의 평가만 한 기록에는 손실이 없음
            if points:
                ax.plot(*zip(*points), label=label, color=color)
        ax.set_xlabel("단계")
        ax.set_ylabel("손실")
        ax.set_ylim(bottom=0)
        ax.set_title(self.title)
        ax.legend()
        ax.grid(alpha=0.3)
        fig.tight_layout()
        self.figure = fig
        plt.show()

"""The draw itself (pure): the published test vector, agreement with the kiosk's reference,
the odds in ppm, and a chi-square test of outcome frequencies over 100,000 draws."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from kiosk.core.wheel import fairness as kiosk_fairness
from pointsapi.demo.lottery import DEMO_SEGMENTS
from pointsapi.lottery import fairness

VECTOR_SEED = bytes(range(32))
VECTOR_DRAW = "d_exampleexample0001"
DRAWS = 100_000


def test_published_test_vector() -> None:
    assert fairness.seed_hash(VECTOR_SEED) == (
        "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
    )
    assert fairness.draw_number(VECTOR_SEED, VECTOR_DRAW, 1) == 0x852B72A8888C32BE
    weights = [50, 30, 20]
    xs = [(fairness.draw_number(VECTOR_SEED, VECTOR_DRAW, n) * 100) >> 64 for n in (1, 2, 3)]
    assert xs == [52, 74, 48]
    assert [fairness.draw_index(VECTOR_SEED, VECTOR_DRAW, n, weights) for n in (1, 2, 3)] == [
        1,
        1,
        0,
    ]


def test_server_and_kiosk_reference_agree() -> None:
    weights = [3, 0, 7, 1, 0, 9, 2]
    for n in range(1, 2001):
        draw_id = f"d_agree{n:012d}"
        assert fairness.draw_index(VECTOR_SEED, draw_id, n, weights) == (
            kiosk_fairness.draw_index(VECTOR_SEED, draw_id, n, weights)
        )
    assert fairness.effective_weights([5, 3, 2], {1}, 0) == [8, 0, 2]
    assert kiosk_fairness.effective_weights([5, 3, 2], {1}, 0) == [8, 0, 2]


def test_weights_and_numbers_are_checked() -> None:
    with pytest.raises(ValueError):
        fairness.index_for(1, [0, 0])
    with pytest.raises(ValueError):
        fairness.index_for(1, [2**32])
    with pytest.raises(ValueError):
        fairness.index_for(2**64, [1, 1])
    with pytest.raises(ValueError):
        fairness.effective_weights([1, 1], {0}, 0)
    # The extremes of the number land on the first and the last segment with weight.
    assert fairness.index_for(0, [0, 1, 1, 0]) == 1
    assert fairness.index_for(2**64 - 1, [0, 1, 1, 0]) == 2


@pytest.mark.parametrize(
    "weights", [[1, 1, 1], [10, 40, 0, 7], [1, 999_999], [3, 3, 3, 3, 3, 3, 1], [0, 5]]
)
def test_probability_ppm_adds_up_and_rounds_to_within_one(weights: list[int]) -> None:
    ppm = fairness.probability_ppm(weights)
    total = sum(weights)
    assert sum(ppm) == 1_000_000
    for w, p in zip(weights, ppm, strict=True):
        assert abs(p - w * 1_000_000 / total) <= 1
        assert (w == 0) == (p == 0)


def chi_square_sf(statistic: float, dof: int) -> float:
    """P(X >= statistic) for X ~ chi-square(dof): the regularised upper incomplete gamma
    Q(dof/2, statistic/2) (series below a + 1, continued fraction above, as in Numerical
    Recipes 6.2)."""
    a, x = dof / 2, statistic / 2
    if x <= 0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        n = a
        for _ in range(10_000):
            n += 1
            term *= x / n
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return 1 - total * math.exp(log_front)
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return math.exp(log_front) * h


def test_chi_square_helper_matches_known_values() -> None:
    # Tabulated critical values: P(X >= 14.067) = 0.05 for 7 dof, P(X >= 3.841) = 0.05 for 1.
    assert chi_square_sf(14.067, 7) == pytest.approx(0.05, abs=1e-4)
    assert chi_square_sf(3.841, 1) == pytest.approx(0.05, abs=1e-4)
    assert chi_square_sf(24.322, 7) == pytest.approx(0.001, abs=1e-5)


def chi_square_of_draws(seed: bytes, weights: list[int], draws: int) -> tuple[float, int, float]:
    counts = Counter(
        fairness.draw_index(seed, f"d_chisquare{n:010d}", n, weights) for n in range(1, draws + 1)
    )
    total = sum(weights)
    live = [i for i, w in enumerate(weights) if w > 0]
    assert set(counts) <= set(live), "a segment with weight 0 was drawn"
    statistic = sum(
        (counts[i] - draws * weights[i] / total) ** 2 / (draws * weights[i] / total) for i in live
    )
    dof = len(live) - 1
    return statistic, dof, chi_square_sf(statistic, dof)


def test_outcome_frequencies_match_the_demo_weights_chi_square() -> None:
    """100,000 draws with a fixed seed over the demo wheel's weights: the frequencies fit the
    weights (chi-square goodness of fit, p > 0.01; the figure is in docs/lottery.md)."""
    weights = [seg[5] for seg in DEMO_SEGMENTS]
    statistic, dof, p_value = chi_square_of_draws(
        b"chi-square fixed seed, 32 bytes!", weights, DRAWS
    )
    print(f"chi-square {statistic:.3f}, dof {dof}, p = {p_value:.4f}")
    assert dof == 7
    assert p_value > 0.01


def test_an_out_of_stock_segment_is_never_drawn_and_its_weight_goes_to_the_fallback() -> None:
    weights = fairness.effective_weights([30, 30, 12, 5, 10, 3, 2, 8], {5}, 1)
    assert weights == [30, 33, 12, 5, 10, 0, 2, 8]
    statistic, dof, p_value = chi_square_of_draws(bytes(32), weights, 20_000)
    assert dof == 6
    assert p_value > 0.01, statistic


def test_a_biased_mapping_would_be_caught() -> None:
    """The chi-square test has teeth: the same draws judged against other weights fail."""
    seed = b"chi-square fixed seed, 32 bytes!"
    counts = Counter(
        fairness.draw_index(seed, f"d_chisquare{n:010d}", n, [30, 30, 40]) for n in range(1, 20_001)
    )
    expected = [0.3, 0.35, 0.35]
    statistic = sum((counts[i] - 20_000 * p) ** 2 / (20_000 * p) for i, p in enumerate(expected))
    assert chi_square_sf(statistic, 2) < 1e-6

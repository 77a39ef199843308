"""The statistics of the disproportionality report, against hand-worked examples, the public figures in
../shared/domain/equality.md, and properties that must hold for any numbers."""

import math
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as s

from faircase.equality import statistics as st

# ---------------------------------------------------------------------------------------------------------------
# Hand-worked examples and public figures


def test_the_wres_trust_example_is_about_one_point_seven():
    # 9 of 750 ethnic-minority staff entered (1.2%), 17 of 2,430 white staff (0.70%).
    # RL = (9 / 750) / (17 / 2430) = (9 x 2430) / (750 x 17) = 21870 / 12750 = 729 / 425 = 1.7153: "1.7 times".
    ratio = st.relative_likelihood(9, 750, 17, 2430)
    assert ratio == Fraction(729, 425)
    assert round(float(ratio), 1) == 1.7
    assert float(st.rate(9, 750)) == pytest.approx(0.012)
    assert float(st.rate(17, 2430)) == pytest.approx(0.007, abs=0.00005)


def test_the_wres_trust_example_interval_by_the_log_method():
    # SE = sqrt(1/9 - 1/750 + 1/17 - 1/2430) = sqrt(0.111111 - 0.001333 + 0.058824 - 0.000412) = sqrt(0.168190)
    #    = 0.410109. ln(1.715294) = 0.539582.
    # low = exp(0.539582 - 1.959964 x 0.410109) = exp(-0.264231) = 0.7678
    # high = exp(0.539582 + 0.803797) = exp(1.343379) = 3.8320
    low, high = st.log_interval(9, 750, 17, 2430)
    assert low == pytest.approx(0.7678, abs=0.0001)
    assert high == pytest.approx(3.8320, abs=0.0001)


def test_the_wres_trust_example_is_above_the_range_but_not_significant():
    result = st.compare(
        group="black",
        reference="white",
        entrants=9,
        headcount=750,
        reference_entrants=17,
        reference_headcount=2430,
    )
    assert result.flag == st.Flag.ABOVE
    assert result.significant is False  # 0.77 to 3.83 includes 1: nine entrants are few


def test_gmc_fair_to_refer_one_point_one_against_half_a_percent():
    # 110 of 10,000 ethnic-minority doctors referred (1.1%) against 50 of 10,000 white doctors (0.5%).
    # RL = 1.1 / 0.5 = 2.2. SE = sqrt(1/110 - 1/10000 + 1/50 - 1/10000) = sqrt(0.0288909) = 0.169973.
    # Interval: 2.2 x exp(-/+ 1.959964 x 0.169973) = 2.2 x exp(-/+ 0.333141) = 1.5767 to 3.0698.
    result = st.compare(
        group="asian",
        reference="white",
        entrants=110,
        headcount=10_000,
        reference_entrants=50,
        reference_headcount=10_000,
    )
    assert result.relative_likelihood == Fraction(11, 5)
    assert result.ci_low == pytest.approx(1.5767, abs=0.0001)
    assert result.ci_high == pytest.approx(3.0698, abs=0.0001)
    assert result.flag == st.Flag.ABOVE
    assert result.significant is True


def test_gmc_five_year_window_figures():
    # 0.41% against 0.22% (2018-2022): 41 of 10,000 against 22 of 10,000 is 41 / 22 = 1.86.
    assert float(st.relative_likelihood(41, 10_000, 22, 10_000)) == pytest.approx(1.8636, abs=0.0001)


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2", "flag"),
    [
        (5, 100, 5, 125, st.Flag.WITHIN),  # (5 x 125) / (100 x 5) = 1.25 exactly: still within
        (5, 125, 5, 100, st.Flag.WITHIN),  # (5 x 100) / (125 x 5) = 0.80 exactly: still within
        (126, 10_000, 100, 10_000, st.Flag.ABOVE),  # 1.26
        (79, 10_000, 100, 10_000, st.Flag.BELOW),  # 0.79
        (100, 10_000, 100, 10_000, st.Flag.WITHIN),  # 1
    ],
)
def test_flags_at_the_edges_of_the_non_adverse_range(a, n1, c, n2, flag):
    result = st.compare(
        group="mixed",
        reference="white",
        entrants=a,
        headcount=n1,
        reference_entrants=c,
        reference_headcount=n2,
    )
    assert result.flag == flag


@pytest.mark.parametrize(("a", "c"), [(4, 50), (50, 4), (0, 50), (50, 0)])
def test_fewer_than_five_entrants_on_either_side_gives_no_ratio_and_no_interval(a, c):
    result = st.compare(
        group="black",
        reference="white",
        entrants=a,
        headcount=500,
        reference_entrants=c,
        reference_headcount=500,
    )
    assert result.flag == st.Flag.TOO_FEW
    assert result.relative_likelihood is None
    assert result.ci_low is None and result.ci_high is None
    assert result.significant is None
    assert result.rate == Fraction(a, 500)


def test_the_reference_group_and_missing_answers_are_never_compared():
    common = {"entrants": 40, "headcount": 400, "reference_entrants": 40, "reference_headcount": 400}
    assert st.compare(group="white", reference="white", **common).flag == st.Flag.REFERENCE
    assert st.compare(group="not_stated", reference="white", **common).flag == st.Flag.NOT_COMPARED
    assert st.compare(group="not_known", reference="uk", **common).flag == st.Flag.NOT_COMPARED
    assert st.compare(group="not_known", reference="uk", **common).rate == Fraction(1, 10)


@pytest.mark.parametrize(
    ("headcount", "reference_headcount", "problem"),
    [
        (None, 400, "no workforce baseline for this group"),
        (0, 400, "the workforce baseline has no one in this group"),
        (30, 400, "more entrants than the workforce baseline holds: check the baseline"),
        (400, None, ""),
        (400, 0, ""),
    ],
)
def test_a_missing_or_impossible_baseline_is_said_plainly_and_never_divides_by_zero(
    headcount, reference_headcount, problem
):
    result = st.compare(
        group="black",
        reference="white",
        entrants=40,
        headcount=headcount,
        reference_entrants=40,
        reference_headcount=reference_headcount,
    )
    assert result.flag == st.Flag.NO_BASELINE
    assert result.relative_likelihood is None
    assert st.baseline_problem(40, headcount) == problem


def test_funnel_limits_by_the_normal_approximation_to_the_binomial():
    # p0 = 1%, n = 400: sqrt(0.01 x 0.99 / 400) = 0.0049749.
    # 95%: 0.01 -/+ 1.959964 x 0.0049749 = 0.01 -/+ 0.0097507 = 0.000249 to 0.019751.
    # 99.8%: 0.01 -/+ 3.090232 x 0.0049749 = 0.01 -/+ 0.0153737: the lower limit is clipped to 0.
    assert st.control_limits(0.01, 400, z=st.Z_95) == pytest.approx((0.000249, 0.019751), abs=0.000001)
    assert st.control_limits(0.01, 400, z=st.Z_998) == pytest.approx((0.0, 0.025374), abs=0.000001)


@pytest.mark.parametrize(
    ("entrants", "position"),
    [
        (4, st.FunnelPosition.WITHIN),  # 1.0%
        (8, st.FunnelPosition.ABOVE_95),  # 2.0%: above 1.975%
        (11, st.FunnelPosition.ABOVE_998),  # 2.75%: above 2.537%
        (0, st.FunnelPosition.BELOW_95),  # 0%: below 0.025%, and the 99.8% limit is 0
    ],
)
def test_funnel_positions_against_the_limits(entrants, position):
    assert st.funnel_position(entrants, 400, 0.01) == position


# ---------------------------------------------------------------------------------------------------------------
# Properties

counts = s.integers(min_value=1, max_value=5_000)


@s.composite
def two_groups(draw, minimum=1):
    a = draw(s.integers(min_value=minimum, max_value=2_000))
    n1 = draw(s.integers(min_value=a, max_value=50_000))
    c = draw(s.integers(min_value=minimum, max_value=2_000))
    n2 = draw(s.integers(min_value=c, max_value=50_000))
    return a, n1, c, n2


@given(a=counts, n1_extra=s.integers(0, 10_000), k=s.integers(1, 20))
def test_equal_rates_give_a_relative_likelihood_of_exactly_one(a, n1_extra, k):
    n1 = a + n1_extra
    assert st.relative_likelihood(a, n1, a * k, n1 * k) == 1


@given(two_groups())
def test_the_interval_contains_the_ratio(numbers):
    low, high = st.log_interval(*numbers)
    ratio = float(st.relative_likelihood(*numbers))
    assert low <= ratio * (1 + 1e-9) and ratio <= high * (1 + 1e-9)


@given(two_groups())
def test_swapping_the_groups_inverts_the_ratio_and_the_interval(numbers):
    a, n1, c, n2 = numbers
    assert st.relative_likelihood(c, n2, a, n1) == 1 / st.relative_likelihood(a, n1, c, n2)
    low, high = st.log_interval(a, n1, c, n2)
    swapped_low, swapped_high = st.log_interval(c, n2, a, n1)
    assert swapped_low == pytest.approx(1 / high, rel=1e-9)
    assert swapped_high == pytest.approx(1 / low, rel=1e-9)


@given(two_groups(minimum=2))
def test_twice_the_data_narrows_the_log_interval_by_root_two(numbers):
    a, n1, c, n2 = numbers
    assume(a < n1 or c < n2)
    low, high = st.log_interval(a, n1, c, n2)
    low2, high2 = st.log_interval(2 * a, 2 * n1, 2 * c, 2 * n2)
    assert math.log(high2 / low2) == pytest.approx(math.log(high / low) / math.sqrt(2), rel=1e-9)


@given(two_groups(minimum=5))
def test_flag_and_significance_follow_the_ratio_and_the_interval(numbers):
    a, n1, c, n2 = numbers
    result = st.compare(
        group="black",
        reference="white",
        entrants=a,
        headcount=n1,
        reference_entrants=c,
        reference_headcount=n2,
    )
    ratio = result.relative_likelihood
    expected = (
        st.Flag.ABOVE
        if ratio > Fraction(5, 4)
        else st.Flag.BELOW
        if ratio < Fraction(4, 5)
        else st.Flag.WITHIN
    )
    assert result.flag == expected
    assert result.significant == (result.ci_low > 1 or result.ci_high < 1)


@given(
    overall=s.floats(min_value=0.0001, max_value=0.5),
    n=s.integers(min_value=1, max_value=100_000),
    m=s.integers(min_value=1, max_value=100_000),
)
def test_funnel_limits_hold_the_overall_rate_widen_with_confidence_and_narrow_with_size(overall, n, m):
    low95, high95 = st.control_limits(overall, n, z=st.Z_95)
    low998, high998 = st.control_limits(overall, n, z=st.Z_998)
    assert 0 <= low998 <= low95 <= overall <= high95 <= high998 <= 1
    small, large = sorted((n, m))
    assert st.control_limits(overall, large, z=st.Z_95)[1] <= st.control_limits(overall, small, z=st.Z_95)[1]

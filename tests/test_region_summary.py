"""region_summary: each species' share of the unit square and the petal widths it is predicted at."""

from __future__ import annotations

import numpy as np
import pytest

from crossentropy import IrisNetwork, decision_regions, predict, region_summary, train_full_iris

NETWORKS = {"statquest": IrisNetwork(), "trained": None}


@pytest.fixture(scope="module", params=list(NETWORKS))
def network(request):
    return NETWORKS[request.param] or train_full_iris().network


def test_shares_match_a_fine_grid_of_predictions(network):
    """Oracle: the fraction of an 801 x 801 grid of `predict` (argmax of the forward pass) given to
    each species; the grid's own error is about one grid line, 1/800 of the area."""
    _, _, classes = decision_regions(network, 801)
    summary = region_summary(network)
    for k, region in enumerate(summary):
        assert region.share == pytest.approx(float(np.mean(classes == k)), abs=0.004)
    assert sum(r.share for r in summary) == pytest.approx(1.0, abs=1e-9)


def test_petal_range_ends_where_the_prediction_starts_and_stops(network):
    """Oracle: `predict` itself on 2001 sepal widths just inside and just outside each end of the
    reported petal range: the species is predicted somewhere just inside, nowhere just outside."""
    sepal = np.linspace(0.0, 1.0, 2001)
    for k, region in enumerate(region_summary(network)):
        for end, outward in ((region.petal_low, -1.0), (region.petal_high, 1.0)):
            inside = end - outward * 1e-6
            line = np.stack([np.full_like(sepal, inside), sepal], axis=-1)
            assert np.any(predict(network, line) == k)
            outside = end + outward * 1e-6
            if 0.0 <= outside <= 1.0:
                line = np.stack([np.full_like(sepal, outside), sepal], axis=-1)
                assert not np.any(predict(network, line) == k)


def test_bad_arguments_name_themselves():
    with pytest.raises(TypeError, match="network"):
        region_summary("net")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="samples"):
        region_summary(IrisNetwork(), samples=2)

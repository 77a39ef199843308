"""A pack read from the database is cached by its version's id; an id can be used again after a rollback or a
flush (as the test suite does between tests), so the cache must never answer for a version that has gone."""

import pytest

from faircase.policy.models import PolicyPackVersion
from faircase.policy.packs import pack_from_version

pytestmark = pytest.mark.django_db


def test_a_version_saved_again_under_an_id_the_cache_has_seen_is_read_afresh():
    mhps = PolicyPackVersion.objects.filter(organisation=None, key="mhps_england").order_by("-number").first()
    performers = (
        PolicyPackVersion.objects.filter(organisation=None, key="performers_lists")
        .order_by("-number")
        .first()
    )
    assert pack_from_version(mhps).key == "mhps_england"  # now cached under mhps.pk

    # What a flush and a restore (or a rolled-back insert) can do: another version arrives under the same id.
    reused_id = mhps.pk
    PolicyPackVersion.objects.filter(pk=reused_id).delete()
    performers.pk = reused_id
    performers.number += 100
    performers.save(force_insert=True)

    assert pack_from_version(PolicyPackVersion.objects.get(pk=reused_id)).key == "performers_lists"

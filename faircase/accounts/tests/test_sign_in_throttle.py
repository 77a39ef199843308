"""The sign-in throttle stops password guessing without letting anyone lock a named person, or a whole network,
out of the service (issue 9).

Addresses come from the documentation ranges (RFC 5737); every person is fictional.
"""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from faircase.accounts import throttle
from faircase.accounts.tests.factories import member

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factory's password for every user
WRONG = "a wrong guess"
HOME = "192.0.2.10"  # where the person usually signs in
PROXY = "10.20.30.40"  # a reverse proxy in front of faircase


@pytest.fixture(autouse=True)
def limits(settings):
    """Name every limit, so each test reads the same numbers whatever the shipped defaults become."""
    settings.LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
    settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
    settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT = 20
    settings.LOGIN_THROTTLE_FAILURES_PER_ADDRESS = 40
    settings.LOGIN_THROTTLE_FAILURES_PER_KNOWN_DEVICE = 5
    settings.FAIRCASE_TRUSTED_PROXY_HEADER = ""
    return settings


@pytest.fixture
def person(organisation):
    return member(organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional")


def sign_in(client: Client, username: str, password: str, *, address: str = HOME, **headers: str):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def was_refused(response) -> bool:
    errors = response.context_data["form"].non_field_errors() if response.status_code == 200 else []
    return any("too many failed attempts to sign in" in error for error in errors)


def known_device_of(person) -> Client:
    """A browser the person has signed in on before, now signed out."""
    device = Client()
    assert is_signed_in_after(device, sign_in(device, person.username, PASSWORD))
    device.post(reverse("accounts:logout"), REMOTE_ADDR=HOME)
    assert not is_signed_in(device)
    return device


def is_signed_in_after(client: Client, response) -> bool:
    return response.status_code == 302 and is_signed_in(client)


# A named person cannot be locked out by someone else ---------------------------------------------------------


def test_an_attackers_fifty_failures_from_elsewhere_do_not_stop_the_person_on_their_own_device(person):
    device = known_device_of(person)
    for n in range(50):
        sign_in(Client(), person.username, f"{WRONG} {n}", address=f"198.51.100.{n + 1}")

    assert is_signed_in_after(device, sign_in(device, person.username, PASSWORD))


def test_an_attackers_failures_from_one_other_address_do_not_stop_the_person_at_their_own_address(person):
    attacker = Client()
    for n in range(50):
        sign_in(attacker, person.username, f"{WRONG} {n}", address="203.0.113.66")

    # A browser the person has never used for faircase, at their usual address.
    new_browser = Client()
    assert is_signed_in_after(new_browser, sign_in(new_browser, person.username, PASSWORD))


# A network cannot be locked out by one of its users ------------------------------------------------------------


def test_colleagues_sharing_one_address_are_not_locked_out_by_each_others_mistakes(organisation, person):
    for n in range(4):
        colleague = member(organisation, "case_manager", username=f"colleague.{n}")
        for _ in range(5):
            sign_in(Client(), colleague.username, WRONG, address=HOME)

    browser = Client()
    assert is_signed_in_after(browser, sign_in(browser, person.username, PASSWORD, address=HOME))


def test_behind_a_trusted_proxy_one_users_guessing_locks_out_only_their_own_address(limits, person):
    limits.FAIRCASE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    limits.FAIRCASE_TRUSTED_PROXY_COUNT = 1
    guesser = Client()
    # Every request reaches faircase from the proxy; the proxy names the client in X-Forwarded-For.
    for n in range(limits.LOGIN_THROTTLE_FAILURES_PER_ADDRESS):
        sign_in(guesser, f"someone.{n}", WRONG, address=PROXY, x_forwarded_for="203.0.113.5")

    assert was_refused(sign_in(guesser, "someone.else", WRONG, address=PROXY, x_forwarded_for="203.0.113.5"))
    colleague = Client()
    response = sign_in(colleague, person.username, PASSWORD, address=PROXY, x_forwarded_for="203.0.113.6")
    assert is_signed_in_after(colleague, response)


def test_a_known_device_signs_in_even_when_its_address_is_refused_for_spraying(person):
    device = known_device_of(person)
    for n in range(40):
        sign_in(Client(), f"sprayed.{n}", WRONG, address=HOME)
    assert was_refused(sign_in(Client(), person.username, PASSWORD, address=HOME))

    assert is_signed_in_after(device, sign_in(device, person.username, PASSWORD, address=HOME))


# Guessing is still stopped ---------------------------------------------------------------------------------------


def test_guessing_one_account_from_one_address_is_refused_after_five_failures_even_with_the_right_password(
    person,
):
    browser = Client()
    for _ in range(5):
        assert not was_refused(sign_in(browser, person.username, WRONG))

    response = sign_in(browser, person.username, PASSWORD)
    assert was_refused(response)
    assert not is_signed_in(browser)


def test_guessing_one_account_from_many_addresses_is_refused_from_unknown_devices(person):
    for n in range(20):
        sign_in(Client(), person.username, WRONG, address=f"198.51.100.{n + 1}")

    browser = Client()
    assert was_refused(sign_in(browser, person.username, PASSWORD, address="198.51.100.200"))
    assert not is_signed_in(browser)


def test_spraying_many_accounts_from_one_address_is_refused_at_the_address_limit(person):
    for n in range(40):
        assert not was_refused(sign_in(Client(), f"sprayed.{n}", WRONG, address="203.0.113.9"))

    browser = Client()
    assert was_refused(sign_in(browser, person.username, PASSWORD, address="203.0.113.9"))
    assert not is_signed_in(browser)


def test_a_known_device_that_keeps_guessing_is_refused_after_its_own_limit(person):
    device = known_device_of(person)
    for _ in range(5):
        sign_in(device, person.username, WRONG)

    assert was_refused(sign_in(device, person.username, PASSWORD))
    # The refusal is the device's: the person can still sign in from another browser at another address.
    other = Client()
    assert is_signed_in_after(other, sign_in(other, person.username, PASSWORD, address="192.0.2.99"))


def test_a_device_known_for_one_account_is_unknown_for_another(organisation, person):
    device = known_device_of(person)
    target = member(organisation, "case_manager", username="dana.fictional")
    for _ in range(5):
        sign_in(device, target.username, WRONG)

    assert was_refused(sign_in(device, target.username, PASSWORD))


def test_refused_attempts_do_not_count_as_failures(person):
    from faircase.accounts.models import SignInFailure

    browser = Client()
    for _ in range(30):
        sign_in(browser, person.username, WRONG)

    assert SignInFailure.objects.count() == 5


def test_after_the_window_the_person_can_sign_in_again(person):
    start = dt.datetime(2027, 5, 4, 9, 0, tzinfo=dt.UTC)
    browser = Client()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(browser, person.username, WRONG)
        assert was_refused(sign_in(browser, person.username, PASSWORD))

    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert is_signed_in_after(browser, sign_in(browser, person.username, PASSWORD))


def test_signing_in_clears_the_persons_own_mistakes_but_not_other_addresses_failures(person):
    from faircase.accounts.models import SignInFailure

    browser = Client()
    for _ in range(4):
        sign_in(browser, person.username, WRONG)
    for n in range(3):
        sign_in(Client(), person.username, WRONG, address=f"198.51.100.{n + 1}")
    assert is_signed_in_after(browser, sign_in(browser, person.username, PASSWORD))

    assert SignInFailure.objects.count() == 3


# What a refused person is told ---------------------------------------------------------------------------------


def test_a_refusal_reads_the_same_whether_or_not_the_account_exists(person):
    def refusal_for(username: str):
        browser = Client()
        for _ in range(5):
            sign_in(browser, username, WRONG)
        return sign_in(browser, username, PASSWORD)

    for_the_person = refusal_for(person.username)
    for_no_one = refusal_for("nobody.fictional")

    assert for_the_person.status_code == for_no_one.status_code == 200
    assert was_refused(for_the_person)
    errors = [r.context_data["form"].non_field_errors() for r in (for_the_person, for_no_one)]
    assert errors[0] == errors[1]


def test_the_refusal_says_how_long_to_wait(limits):
    limits.LOGIN_THROTTLE_WINDOW_SECONDS = 30 * 60
    browser = Client()
    for _ in range(5):
        sign_in(browser, "nobody.fictional", WRONG)

    (message,) = sign_in(browser, "nobody.fictional", WRONG).context_data["form"].non_field_errors()
    assert "Wait 30 minutes" in message


# Where an attempt comes from -----------------------------------------------------------------------------------


def request_from(rf, address: str, **headers: str):
    return rf.post("/accounts/sign-in/", REMOTE_ADDR=address, headers=headers)


def test_x_forwarded_for_is_ignored_unless_settings_name_a_trusted_proxy(rf):
    request = request_from(rf, HOME, x_forwarded_for="203.0.113.1")

    assert throttle.client_address(request) == HOME


def test_a_guesser_cannot_dodge_the_address_limit_by_inventing_x_forwarded_for(person):
    for n in range(40):
        sign_in(Client(), f"sprayed.{n}", WRONG, address="203.0.113.9", x_forwarded_for=f"198.51.100.{n}")

    assert was_refused(sign_in(Client(), person.username, PASSWORD, address="203.0.113.9"))


def test_behind_a_trusted_proxy_the_address_it_appended_is_used_not_what_the_client_claimed(limits, rf):
    limits.FAIRCASE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    limits.FAIRCASE_TRUSTED_PROXY_COUNT = 1
    # The client claimed 198.51.100.1; the proxy appended the address it really saw.
    request = request_from(rf, PROXY, x_forwarded_for="198.51.100.1, 203.0.113.5")

    assert throttle.client_address(request) == "203.0.113.5"


def test_with_two_trusted_proxies_the_client_is_second_from_the_right(limits, rf):
    limits.FAIRCASE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    limits.FAIRCASE_TRUSTED_PROXY_COUNT = 2
    request = request_from(rf, PROXY, x_forwarded_for="198.51.100.1, 203.0.113.5, 10.0.0.2")

    assert throttle.client_address(request) == "203.0.113.5"


@pytest.mark.parametrize("header", [None, "", "not-an-address", "10.0.0.2"])
def test_a_missing_short_or_malformed_proxy_header_falls_back_to_the_connecting_address(limits, rf, header):
    limits.FAIRCASE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    limits.FAIRCASE_TRUSTED_PROXY_COUNT = 2 if header == "10.0.0.2" else 1
    headers = {} if header is None else {"x_forwarded_for": header}
    request = request_from(rf, PROXY, **headers)

    assert throttle.client_address(request) == PROXY


def test_addresses_in_one_ipv6_64_count_as_one_address(person):
    for n in range(40):
        sign_in(Client(), f"sprayed.{n}", WRONG, address=f"2001:db8:5:6::{n + 1:x}")

    browser = Client()
    assert was_refused(sign_in(browser, person.username, PASSWORD, address="2001:db8:5:6:ffff::1"))
    other_subscriber = Client()
    response = sign_in(other_subscriber, person.username, PASSWORD, address="2001:db8:5:7::1")
    assert is_signed_in_after(other_subscriber, response)


def test_an_ipv4_address_written_as_ipv6_counts_as_the_ipv4_address(person):
    for _ in range(5):
        sign_in(Client(), person.username, WRONG, address="::ffff:192.0.2.10")

    assert was_refused(sign_in(Client(), person.username, PASSWORD, address="192.0.2.10"))


# The known-device cookie -----------------------------------------------------------------------------------------


def test_the_known_device_cookie_names_no_one_and_scripts_cannot_read_it(person):
    device = known_device_of(person)

    cookie = device.cookies["faircase_known_device"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == reverse("accounts:login")
    assert "casey" not in cookie.value.casefold()


def test_an_altered_known_device_cookie_counts_for_nothing(limits, person):
    limits.LOGIN_THROTTLE_FAILURES_PER_KNOWN_DEVICE = 10  # more room than an unknown browser has
    device = known_device_of(person)
    value = device.cookies["faircase_known_device"].value
    device.cookies["faircase_known_device"] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    for _ in range(5):
        sign_in(device, person.username, WRONG)

    assert was_refused(sign_in(device, person.username, PASSWORD))

"""Who an identity provider's account is in faircase: only the (issuer, subject) pair decides."""

from faircase.accounts.models import SingleSignOnIdentity, User
from faircase.accounts.single_sign_on import provider
from faircase.accounts.single_sign_on.services import Identity


def identity_from_claims(claims: dict[str, object], *, subject_claim: str) -> Identity:
    """The pair single sign-on matches on. Every other claim (names, email, groups, roles) is ignored."""
    return Identity(issuer=provider.issuer(), subject=str(claims[subject_claim]).strip())


def user_for(identity: Identity) -> User | None:
    """The account bound to this identity, active or not (the caller refuses a deactivated one), or None."""
    bound = (
        SingleSignOnIdentity.objects.select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    return bound.user if bound else None


def bound_identity(user: User) -> SingleSignOnIdentity | None:
    return SingleSignOnIdentity.objects.filter(user=user).order_by("bound_at").first()

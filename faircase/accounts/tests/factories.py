import factory

from faircase.accounts.models import Membership, Nation, Organisation, OrganisationKind, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Fictional Hospitals NHS Trust {n}")
    ods_code = factory.Sequence(lambda n: f"Z{n:04d}")
    nation = Nation.ENGLAND
    kind = OrganisationKind.NHS_TRUST


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("correct horse battery staple")


def member(organisation: Organisation, role: str, **user_fields) -> User:
    """A user holding one role in one organisation."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user

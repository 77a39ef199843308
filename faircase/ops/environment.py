"""What production cannot start without. Read by the production settings (so nothing here may import Django)
and by the test that checks production.env.example and compose.yaml name every one."""

from collections.abc import Mapping

REQUIRED_ENVIRONMENT = (
    "FAIRCASE_SECRET_KEY",
    "FAIRCASE_ALLOWED_HOSTS",
    "FAIRCASE_SITE_URL",
    "DATABASE_URL",
    # Without an email host, emails would go to the console and nobody would hear of new work or a deadline.
    "FAIRCASE_EMAIL_HOST",
    "FAIRCASE_EMAIL_FROM",
    # Signs the audit trail's checkpoints and every backup's manifest (ADR 34).
    "FAIRCASE_AUDIT_SIGNING_KEY",
)


def missing_environment(environ: Mapping[str, str]) -> list[str]:
    """The required names that are unset or blank, in REQUIRED_ENVIRONMENT's order."""
    return [name for name in REQUIRED_ENVIRONMENT if not environ.get(name, "").strip()]


def refusal(missing: list[str]) -> str:
    return (
        f"Production settings refuse to start without {', '.join(missing)}: set "
        f"{'it' if len(missing) == 1 else 'them'} in the environment (see production.env.example)."
    )

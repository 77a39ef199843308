"""`faircase audit verify [--checkpoint FILE]`: walk every audit chain (ADR 35) and say whether each is whole and,
given a signed checkpoint, whether every chain it names still reaches the checkpoint's event with the same hash
(ADR 34).
`faircase audit checkpoint --out FILE | --publish`: write a signed checkpoint on demand, or publish the daily one.
`faircase audit public-key`: the key a verifier needs (no secret).
`faircase audit sign-in-key USERNAME`: the key that failed and refused sign-ins against that username are
recorded under (their object id), for an investigation; the trail never holds the username itself."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faircase.core import checkpoints, signing
from faircase.core.audit import verify_chain
from faircase.core.commands import command_line_actor
from faircase.core.formatting import pluralise


class Command(BaseCommand):
    help = "Check the audit trail, and make or check signed checkpoints of it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="verify | checkpoint | public-key | sign-in-key"
        )
        verify = sub.add_parser(
            "verify",
            help="Walk every hash chain; exit 0 when all are whole, 1 naming the chain and its first bad event.",
        )
        verify.add_argument(
            "--checkpoint", type=Path, help="A signed checkpoint file: the trail must still reach its event."
        )
        verify.add_argument(
            "--public-key",
            type=Path,
            help="A file with the public key to check the checkpoint's signature with (default: this "
            "installation's own key).",
        )
        checkpoint = sub.add_parser(
            "checkpoint", help="Write a signed checkpoint of the trail's head and count."
        )
        where = checkpoint.add_mutually_exclusive_group(required=True)
        where.add_argument("--out", type=Path, help="Write the checkpoint to this file.")
        where.add_argument(
            "--publish",
            action="store_true",
            help="Write it into FAIRCASE_AUDIT_CHECKPOINT_DIR and keep a row of it (run daily).",
        )
        sub.add_parser("public-key", help="Print the public key that checks checkpoints and its fingerprint.")
        key = sub.add_parser(
            "sign-in-key", help="Print the key under which failed sign-ins against a username are recorded."
        )
        key.add_argument("username")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "sign-in-key":
            from faircase.accounts.throttle import account_key

            self.stdout.write(
                f"Failed and refused sign-ins for that username are recorded as {account_key(options['username'])}"
            )
            return
        try:
            if action == "public-key":
                self._public_key()
            elif action == "checkpoint":
                self._checkpoint(options)
            else:
                self._verify(options)
        except checkpoints.CheckpointError as error:
            raise CommandError(str(error), returncode=1) from error

    def _public_key(self) -> None:
        key = checkpoints.public_key()
        self.stdout.write(f"Key id: {signing.key_id(key)}")
        self.stdout.write(f"Public key ({signing.ALGORITHM}, base64): {signing.public_key_text(key)}")
        self.stdout.write(signing.public_key_pem(key).rstrip())

    def _checkpoint(self, options) -> None:
        if options["publish"]:
            _row, path = checkpoints.publish(by=command_line_actor("audit checkpoint"))
            checkpoint = checkpoints.read(path.read_text(encoding="utf-8"))
        else:
            checkpoint = checkpoints.make_checkpoint()
            path = options["out"]
            try:
                path.write_text(checkpoints.to_json(checkpoint), encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Could not write the checkpoint to {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote the checkpoint to {path}. {checkpoints.integrity_line(checkpoint)}")

    def _verify(self, options) -> None:
        checkpoint_file = options["checkpoint"]
        if checkpoint_file is None:
            checked, fault = verify_chain()
            if fault is not None:
                raise CommandError(
                    f"The audit trail is broken at {fault}. {pluralise(checked, 'event')} before it "
                    f"{'is' if checked == 1 else 'are'} intact.",
                    returncode=1,
                )
            chains = len(checkpoints.chain_heads())
            self.stdout.write(
                f"The audit trail is whole: {pluralise(checked, 'event')} checked in {pluralise(chains, 'chain')}."
            )
            return
        checkpoint = checkpoints.read(_read_text(checkpoint_file, "checkpoint"))
        key = None
        if options["public_key"] is not None:
            try:
                key = signing.load_public_key(_read_text(options["public_key"], "public key"))
            except signing.SigningKeyError as error:
                raise CommandError(str(error), returncode=1) from error
        problems = checkpoints.problems_against(checkpoint, key=key)
        if problems:
            raise CommandError(
                "The audit trail does not match the checkpoint: " + "; ".join(problems) + ".", returncode=1
            )
        self.stdout.write(
            f"The audit trail is whole and reaches the checkpoint of {checkpoints.made_on(checkpoint)}: "
            f"{checkpoints.integrity_line(checkpoint)}"
        )


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Could not read the {what} file {path}: {error}.") from error

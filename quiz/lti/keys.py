"""The tool's own RSA key pair: made in the instance folder the first time it is needed
(never at import or in the app factory), readable by its owner only, and published as a
JSON Web Key Set so platforms can check what the tool signs (grade passback, deep links)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_FILE = Path("lti") / "tool-private-key.pem"


def private_key_pem(instance: Path) -> str:
    """The tool's private key (PEM), made now if the instance folder has none."""
    path = instance / KEY_FILE
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        # O_EXCL: of two workers making a key at once, one writes it and the other reads it.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text()
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
    return path.read_text()


def _public_key(instance: Path) -> rsa.RSAPublicKey:
    return serialization.load_pem_private_key(private_key_pem(instance).encode(),
                                              password=None).public_key()


def public_key_pem(instance: Path) -> str:
    return _public_key(instance).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_jwks(instance: Path) -> dict[str, list[dict[str, Any]]]:
    """The key set at /lti/jwks.json: the public half only, with its id."""
    public = RSAAlgorithm.to_jwk(_public_key(instance), as_dict=True)
    # The RFC 7638 thumbprint: the kid the LTI library puts in the header of what it signs
    # (token requests, deep links), so a platform finds this key by it.
    members = json.dumps({"e": public["e"], "kty": "RSA", "n": public["n"]},
                         separators=(",", ":"), sort_keys=True)
    kid = base64.urlsafe_b64encode(hashlib.sha256(members.encode()).digest()).decode()
    public.update(alg="RS256", use="sig", kid=kid.rstrip("="))
    return {"keys": [public]}

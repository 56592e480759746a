"""HTTPS for `psoas serve --lan`: a certificate authority of this machine's own, and a server certificate
it signs for the address the phone opens.

A phone's browser gives the camera, notifications and service workers only to a secure context, so the
app must be served over HTTPS, and a certificate no one trusts would be refused. psoas therefore makes a
small certificate authority once (the phone trusts it once, on the /trust page) and from it a server
certificate for the LAN address, reissued whenever that address changes or the certificate nears its end.

Keys are ECDSA P-256 (quick to make, accepted by iOS and Android); the server certificate lives 397
days, under the limits iOS sets for server certificates. Everything sits in one folder (0700), each file
0600, as PEM.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import os
import secrets
import socket
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from psoas.errors import InvalidInputError, OutputError

__all__ = [
    "CA_DAYS",
    "SERVER_DAYS",
    "Authority",
    "TlsFiles",
    "create_ca",
    "default_folder",
    "issue_server_cert",
    "load_or_create",
    "san_of",
    "spki_sha256",
]

CA_DAYS = 3650
SERVER_DAYS = 397
RENEW_BEFORE = timedelta(days=30)  # reissue a server certificate this close to its end
LOOPBACK_IPS = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class Authority:
    """A certificate authority in memory: its key and its self-signed certificate."""

    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


@dataclass(frozen=True)
class TlsFiles:
    """Where the PEM files are. Only `ca_cert` ever leaves the machine (the phone installs it)."""

    folder: Path
    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path

    @classmethod
    def inside(cls, folder: Path) -> TlsFiles:
        return cls(
            folder,
            folder / "psoas-ca.crt",
            folder / "psoas-ca.key",
            folder / "server.crt",
            folder / "server.key",
        )


def default_folder() -> Path:
    """The certificates' folder inside the user data folder (the database's folder, see store/db.py)."""
    return Path(platformdirs.user_data_dir("psoas", appauthor=False)) / "tls"


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def create_ca(*, now: datetime, common_name: str = "psoas local CA") -> Authority:
    """A new authority whose certificate may sign server certificates only (path length 0)."""
    key = _key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "psoas"),
        ]
    )
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))  # a phone whose clock runs a little behind
        .not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, cert)


def _san(address: str) -> x509.SubjectAlternativeName:
    ips = dict.fromkeys([address, *LOOPBACK_IPS])  # ordered, without a repeat when address is loopback
    return x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), *(x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips)]
    )


def issue_server_cert(
    ca: Authority, address: str, *, now: datetime
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A new key and a certificate for `address` (an IP literal), localhost and loopback, signed by `ca`."""
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise InvalidInputError(f"A certificate needs an IP address, not '{address}'.") from None
    key = _key()
    public = key.public_key()
    ca_ski = ca.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"psoas at {address}")]))
        .issuer_name(ca.cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_san(address), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return key, cert


def san_of(cert: x509.Certificate) -> tuple[frozenset[str], frozenset[str]]:
    """The (DNS names, IP addresses as text) a certificate is valid for."""
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns = frozenset(san.get_values_for_type(x509.DNSName))
    ips = frozenset(str(ip) for ip in san.get_values_for_type(x509.IPAddress))
    return dns, ips


def spki_sha256(cert: x509.Certificate) -> str:
    """Base64 of the SHA-256 of the certificate's public key (SPKI), the pin browsers and tools use."""
    der = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(der).digest()).decode("ascii")


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    # Unencrypted: the server reads it unattended at every start; the file's 0600 is its protection.
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_private(path: Path, data: bytes) -> None:
    """Write-then-rename, the file 0600 from its first byte (mkstemp creates it so)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o600)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prepare(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    except OSError as exc:
        raise OutputError(f"Cannot make the certificate folder {folder}: {exc.strerror or exc}.") from None


def _load_ca(files: TlsFiles) -> Authority | None:
    """The stored authority, None when there is none yet; one sentence when it is there but unreadable."""
    if not files.ca_cert.exists() and not files.ca_key.exists():
        return None
    try:
        cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
        key = serialization.load_pem_private_key(files.ca_key.read_bytes(), password=None)
    except (OSError, ValueError):
        raise InvalidInputError(
            f"The certificate authority in {files.folder} cannot be read; move that folder away and "
            "psoas makes a new one (each phone must then trust the new one)."
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        raise InvalidInputError(f"The key in {files.ca_key} does not belong to {files.ca_cert}.")
    return Authority(key, cert)


def _server_fits(files: TlsFiles, ca: Authority, address: str, now: datetime) -> bool:
    """Whether the stored server certificate is signed by `ca`, names `address` and is not near its end."""
    try:
        cert = x509.load_pem_x509_certificate(files.server_cert.read_bytes())
        key = serialization.load_pem_private_key(files.server_key.read_bytes(), password=None)
        cert.verify_directly_issued_by(ca.cert)
    except (OSError, ValueError, TypeError, InvalidSignature):
        return False
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        return False
    wanted = _san(address)
    dns = frozenset(wanted.get_values_for_type(x509.DNSName))
    ips = frozenset(str(ip) for ip in wanted.get_values_for_type(x509.IPAddress))
    return san_of(cert) == (dns, ips) and cert.not_valid_after_utc - RENEW_BEFORE > now


def load_or_create(folder: Path, address: str, *, now: datetime | None = None) -> TlsFiles:
    """The authority (made on first use, then kept) and a server certificate that fits `address`."""
    now = now or datetime.now(UTC)
    files = TlsFiles.inside(folder)
    _prepare(folder)
    ca = _load_ca(files)
    try:
        if ca is None:
            ca = create_ca(now=now, common_name=f"psoas local CA ({socket.gethostname()[:40]})")
            _write_private(files.ca_key, _key_pem(ca.key))
            _write_private(files.ca_cert, ca.cert.public_bytes(serialization.Encoding.PEM))
        if not _server_fits(files, ca, address, now):
            key, cert = issue_server_cert(ca, address, now=now)
            _write_private(files.server_key, _key_pem(key))
            _write_private(files.server_cert, cert.public_bytes(serialization.Encoding.PEM))
    except OSError as exc:
        raise OutputError(f"Cannot write the certificates in {folder}: {exc.strerror or exc}.") from None
    return files


TOKEN_FILE = "token"


def kept_token(folder: Path, *, renew: bool = False) -> str:
    """The --lan server's token, kept beside the certificates (0600) so a phone that installed the app
    keeps working across restarts; `renew` replaces it, which signs every paired device out."""
    path = folder / TOKEN_FILE
    _prepare(folder)
    if not renew:
        try:
            token = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            token = ""
        except (OSError, UnicodeDecodeError):
            raise InvalidInputError(
                f"The token in {path} cannot be read; `psoas serve --lan --new-token` replaces it."
            ) from None
        if len(token) >= 32 and token.replace("-", "").replace("_", "").isalnum():
            return token
    token = secrets.token_urlsafe(24)
    try:
        _write_private(path, token.encode("ascii"))
    except OSError as exc:
        raise OutputError(f"Cannot write the token in {folder}: {exc.strerror or exc}.") from None
    return token
